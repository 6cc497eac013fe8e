import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from './loadScenario.js';
import { scenarioFolder } from './loadScenario.test-kit.js';

const { dir, write, rejection } = scenarioFolder('loadline-vars-');
const fixtures = fileURLToPath(new URL('../../../../test/fixtures/scenarios/', import.meta.url));
copyFileSync(join(fixtures, 'users.csv'), join(dir, 'users.csv'));
copyFileSync(join(fixtures, 'products.json'), join(dir, 'products.json'));

const login = `      - request:
          name: login
          method: POST
          path: /login
          json: { email: '{{ email }}' }
          capture: [{ json: $.token, as: token }]
`;
const scenario = (steps: string) => `target: http://127.0.0.1:1\ndata:\n  - path: users.csv\nflows:\n  - name: f\n    steps:\n${login}${steps}`;

test('a header that reads a variable nothing defines: file, line, field, the variable and a suggestion', async () => {
  const err = await rejection('header.yaml', scenario("      - request:\n          path: /me\n          headers: { authorization: 'Bearer {{ tokn }}' }\n"));
  assert.equal(err.details.field, 'flows[0].steps[1].request.headers.authorization');
  assert.equal(err.details.line, 15);
  assert.equal(err.details.value, 'tokn');
  assert.match(err.message, /:15: flows\[0\]\.steps\[1\]\.request\.headers\.authorization: got "tokn"/);
  assert.match(err.message, /did you mean token\?/);
  assert.match(err.message, /email, password, token/, 'lists what is defined');
});

test('undefined variables in the path, query, bodies and check values are found; the first one is named', async () => {
  let err = await rejection('path.yaml', scenario("      - request:\n          path: '/users/{{ user.id }}'\n"));
  assert.equal(err.details.field, 'flows[0].steps[1].request.path');
  assert.equal(err.details.value, 'user');
  assert.doesNotMatch(err.message, /did you mean/, 'nothing close to user');
  err = await rejection('query.yaml', scenario("      - request:\n          path: /s\n          query: { q: '{{ emial }}' }\n"));
  assert.equal(err.details.field, 'flows[0].steps[1].request.query.q');
  assert.match(err.message, /did you mean email\?/);
  err = await rejection('json.yaml', scenario("      - request:\n          path: /o\n          method: POST\n          json: { items: [{ sku: '{{ sku }}' }] }\n"));
  assert.equal(err.details.field, 'flows[0].steps[1].request.json.items[0].sku');
  err = await rejection('check.yaml', scenario("      - request:\n          path: /me\n          check: [{ body: { json: $.email, equals: '{{ e_mail }}' } }]\n"));
  assert.equal(err.details.field, 'flows[0].steps[1].request.check[0].body.equals');
  assert.equal(err.details.line, 15);
  assert.match(err.message, /did you mean email\?/);
  err = await rejection('contains.yaml', scenario("      - request:\n          path: /me\n          check: [{ header: { name: x-user, equals: '{{ tokens }}' } }]\n"));
  assert.equal(err.details.field, 'flows[0].steps[1].request.check[0].header.equals');
  err = await rejection('scenario-header.yaml', `headers: { x-api-key: '{{ key }}' }\n${scenario('')}`);
  assert.equal(err.details.field, 'headers.x-api-key');
  assert.equal(err.details.line, 1);
});

test('the target renders before any VU exists: a variable there is undefined, $env is fine', async () => {
  const err = await rejection('target.yaml', "target: 'http://{{ host }}:3000'\nflows: [{ name: f, steps: [{ request: { path: / } }] }]\n");
  assert.equal(err.details.field, 'target');
  assert.match(err.message, /only \{\{ \$env\.NAME \}\}/);
  const ok = await loadScenario(write('env.yaml', "target: '{{ $env.LOADLINE_NOT_SET_ANYWHERE }}'\nflows: [{ name: f, steps: [{ request: { path: '/{{ $uuid() }}/{{ $randomInt(1,9) }}' } }] }]\n"));
  assert.equal(ok.flows.length, 1);
});

test('data columns (CSV and JSON), captures from any step and built-in functions are defined', async () => {
  const text = `target: http://127.0.0.1:1
data:
  - path: users.csv
  - path: products.json
flows:
  - name: f
    steps:
      - request: { path: '/p/{{ sku }}/{{ qty }}', headers: { x-user: '{{ email }}', authorization: 'Bearer {{ token }}' } }
      - request: { path: /login, capture: [{ json: $.token, as: token }, { regex: 'id=(\\d+)', as: uid }] }
      - request: { path: '/u/{{ uid }}?r={{ $randomString(4) }}', check: [{ body: { contains: '{{ password }}' } }] }
`;
  const s = await loadScenario(write('ok.yaml', text));
  assert.equal(s.flows[0]!.steps.length, 3);
});

test('TS: a typo is found too; a scenario whose code can set variables (before hook, check fn) is exempt', async () => {
  const steps = "[{ request: { path: '/me', headers: { authorization: 'Bearer {{ tokn }}' } } }]";
  const err = await rejection('typo.ts', `export default { target: 'http://127.0.0.1:1', flows: [{ name: 'f', steps: [{ request: { path: '/l', capture: [{ json: '$.token', as: 'token' }] } }, ...${steps}] }] };\n`);
  assert.equal(err.details.field, 'flows[0].steps[1].request.headers.authorization');
  assert.equal(err.details.line, undefined);
  assert.match(err.message, /did you mean token\?/);
  const withBefore = await loadScenario(write('before.ts', `export default { target: 'http://127.0.0.1:1', before: (vu) => { vu.vars.tokn = 'x'; }, flows: [{ name: 'f', steps: ${steps} }] };\n`));
  assert.equal(withBefore.flows.length, 1);
  const withFn = await loadScenario(write('fn.ts', `export default { target: 'http://127.0.0.1:1', flows: [{ name: 'f', steps: [{ request: { path: '/', check: [{ fn: (r, vu) => { vu.vars.tokn = 'x'; return true; } }] } }, ...${steps}] }] };\n`));
  assert.equal(withFn.flows.length, 1);
});

test('every scenario fixture still loads', async () => {
  for (const name of ['auth-flow', 'shop-journey', 'captures-and-checks', 'bodies-and-templates', 'custom-metrics', 'abort-slow', 'checks-by-name']) {
    for (const ext of ['yaml', 'ts']) await loadScenario(join(fixtures, `${name}.${ext}`));
  }
  await loadScenario(join(fixtures, 'hooks.ts'));
  await loadScenario(join(fixtures, 'engine-hooks.ts'));
});
