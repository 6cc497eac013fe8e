import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioFolder } from './loadScenario.test-kit.js';

const { rejection } = scenarioFolder('loadline-scenario-');

const flow = (step: string) => `target: http://127.0.0.1:1\nflows:\n  - name: f\n    steps:\n${step}`;

test('YAML syntax error names the line', async () => {
  const err = await rejection('bad.yaml', 'target: http://x\nflows:\n  - name: [unclosed\n');
  assert.match(err.message, /invalid YAML/);
  assert.equal(typeof err.details.line, 'number');
});

test('TS syntax error names the file and line', async () => {
  const err = await rejection('bad.ts', "export default {\n  flows: [\n    { name: 'x' steps: [] },\n  ],\n};\n");
  assert.match(err.message, /cannot load scenario module/);
  assert.equal(err.details.line, 3);
});

test('a module without a default export is rejected', async () => {
  const err = await rejection('nodefault.mjs', 'export const x = 1;\n');
  assert.match(err.message, /export default defineScenario/);
});

test('unknown field: names the field and its line', async () => {
  const err = await rejection('unknown.yaml', flow('      - request:\n          path: /\n          retries: 3\n'));
  assert.equal(err.details.field, 'flows[0].steps[0].request.retries');
  assert.equal(err.details.line, 7);
  assert.match(err.message, /unknown field/);
});

test('unknown field in a TS module names the field', async () => {
  const err = await rejection('unknown.ts', "export default { flows: [{ name: 'f', steps: [{ request: { path: '/', methd: 'GET' } }] }] };\n");
  assert.equal(err.details.field, 'flows[0].steps[0].request.methd');
});

test('a TS hook or check fn that is not a function is named as such', async () => {
  let err = await rejection('hook.ts', "export default { setup: 5, flows: [{ name: 'f', steps: [{ think: '1s' }] }] };\n");
  assert.match(err.message, /setup: got 5, expected a function/);
  err = await rejection('fn.ts', "export default { flows: [{ name: 'f', steps: [{ batch: [{ path: '/', check: [{ fn: 'yes' }] }] }] }] };\n");
  assert.match(err.message, /flows\[0\]\.steps\[0\]\.batch\[0\]\.check\[0\]\.fn: got "yes", expected a function/);
});

test('wrong type: names field, value and expected type', async () => {
  const err = await rejection('type.yaml', 'flows:\n  - name: f\n    weight: heavy\n    steps: [{ think: 1s }]\n');
  assert.equal(err.details.field, 'flows[0].weight');
  assert.equal(err.details.line, 3);
  assert.match(err.message, /got "heavy", expected a value of type number/);
});

test('hooks are TS only: a YAML setup is an unknown field', async () => {
  const err = await rejection('hook.yaml', 'setup: x\nflows: [{ name: f, steps: [{ think: 1s }] }]\n');
  assert.equal(err.details.field, 'setup');
});

test('missing data file names the field and the path', async () => {
  const err = await rejection('data.yaml', `data:\n  - path: nowhere.csv\n${flow('      - think: 1s\n').replace('target: http://127.0.0.1:1\n', '')}`);
  assert.equal(err.details.field, 'data[0].path');
  assert.equal(err.details.line, 2);
  assert.match(err.message, /nowhere\.csv.*ENOENT/);
});

test('captures that can never match are rejected', async () => {
  let err = await rejection('regex.yaml', flow("      - request:\n          path: /\n          capture: [{ regex: '([a-z', as: t }]\n"));
  assert.equal(err.details.field, 'flows[0].steps[0].request.capture[0].regex');
  assert.match(err.message, /valid regular expression/);
  err = await rejection('jsonpath.yaml', flow("      - request:\n          path: /\n          capture: [{ json: '', as: t }]\n"));
  assert.equal(err.details.field, 'flows[0].steps[0].request.capture[0].json');
  err = await rejection('jsonpath2.yaml', flow("      - request:\n          path: /\n          capture: [{ json: '$.a..b', as: t }]\n"));
  assert.match(err.message, /JSON path that can match/);
  err = await rejection('group.yaml', flow("      - request:\n          path: /\n          capture: [{ regex: 'id=(\\d+)', group: 2, as: t }]\n"));
  assert.match(err.message, /capture group the regex has \(it has 1\)/);
  err = await rejection('two.yaml', flow("      - request:\n          path: /\n          capture: [{ regex: 'x', header: y, as: t }]\n"));
  assert.match(err.message, /exactly one of json, header or regex/);
});

test('bad templates, durations and thresholds are rejected with their field', async () => {
  let err = await rejection('tpl.yaml', flow("      - request:\n          path: '/x/{{ $nope() }}'\n"));
  assert.equal(err.details.field, 'flows[0].steps[0].request.path');
  assert.match(err.message, /unknown function \$nope/);
  err = await rejection('unclosed.yaml', flow("      - request:\n          path: '/x/{{ id'\n"));
  assert.match(err.message, /unclosed/);
  err = await rejection('think.yaml', flow('      - think: 2 seconds\n'));
  assert.equal(err.details.field, 'flows[0].steps[0].think');
  assert.equal(err.details.line, 5);
  assert.match(err.message, /expected a duration/);
  err = await rejection('thr.yaml', `thresholds:\n  http_req_duration: ['p(95)<<127']\n${flow('      - think: 1s\n')}`);
  assert.equal(err.details.line, 2);
  assert.match(err.message, /thresholds\.http_req_duration\[0\]/);
  err = await rejection('thrmetric.yaml', `thresholds:\n  api_latency: ['p(95)<127']\n${flow('      - think: 1s\n')}`);
  assert.match(err.message, /built-in metric .* or one declared under metrics/);
  err = await rejection('record.yaml', flow("      - request:\n          path: /\n          record: [{ metric: nope, value: ok }]\n"));
  assert.match(err.message, /declared under metrics/);
});

test('a path must start with / and only one body kind is allowed', async () => {
  let err = await rejection('path.yaml', flow('      - request:\n          path: http://elsewhere/\n'));
  assert.match(err.message, /starting with '\/'/);
  err = await rejection('bodies.yaml', flow("      - request:\n          path: /\n          json: {}\n          body: x\n"));
  assert.match(err.message, /only one of json, form or body/);
});

test('an unknown extension is rejected', async () => {
  const err = await rejection('scenario.txt', 'flows: []');
  assert.match(err.message, /\.ts.*\.yaml/);
});
