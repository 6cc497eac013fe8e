import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLoadlineError } from '../../../core/index.js';
import { loadScenario } from '../compile/loadScenario.js';
import { MetricRegistry } from './MetricRegistry.js';
import { createVuState } from '../run/vuState.js';
import { seededRandom } from '../random.js';

const fixture = fileURLToPath(new URL('../../../../test/fixtures/scenarios/custom-metrics.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'loadline-tags-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('record tags load as frozen string maps; entries without tags carry none', async () => {
  const s = await loadScenario(fixture);
  const [login, items, broken] = s.flows[0]!.steps.map((step) => (step.kind === 'request' ? step.request.record : []));
  assert.deepEqual(login![0], { metric: 'api_response_time', value: 'duration', tags: { endpoint: 'login', method: 'POST' } });
  assert.deepEqual(items![2]!.tags, { shard: '1' }, 'a number tag becomes its text');
  assert.ok(Object.isFrozen(login![0]!.tags));
  assert.ok(!('tags' in broken![1]!));
  const keys = s.thresholds.map((t) => t.key);
  assert.deepEqual(keys, ['api_response_time', 'api_response_time{endpoint:login}', 'api_response_time{endpoint:login}', 'api_success_rate{endpoint:items}', 'api_errors{endpoint:broken}']);
  assert.deepEqual(s.thresholds[1]!.expression.tags, { endpoint: 'login' });
});

test('a bad tag is rejected naming the file, the line and the tag', async () => {
  const file = join(dir, 'bad-tag.yaml');
  writeFileSync(
    file,
    'target: http://127.0.0.1:1\nmetrics: { t: trend }\nflows:\n  - name: f\n    steps:\n      - request:\n          path: /\n          record:\n            - metric: t\n              value: duration\n              tags:\n                endpoint: "a,b"\n',
  );
  await assert.rejects(loadScenario(file), (err: unknown) => {
    assert.ok(isLoadlineError(err, 'LOADLINE_INVALID_FILE'), String(err));
    assert.match(err.message, /bad-tag\.yaml:12: flows\[0\]\.steps\[0\]\.request\.record\[0\]\.tags\.endpoint: got "a,b", expected a non-empty string/);
    return true;
  });
  writeFileSync(file, 'target: http://127.0.0.1:1\nmetrics: { t: trend }\nflows:\n  - name: f\n    steps:\n      - request: { path: /, record: [{ metric: t, value: duration, tags: { endpoint: [1] } }] }\n');
  await assert.rejects(loadScenario(file), /record\[0\]\.tags\.endpoint/);
});

test('vu.record(metric, value, tags) from TS code feeds the tagged series', () => {
  const metrics = new MetricRegistry({ api_response_time: 'trend' });
  const vu = createVuState({ id: 1, target: 'http://127.0.0.1:1', rng: seededRandom(1), metrics });
  vu.record('api_response_time', 12, { endpoint: 'search' });
  vu.record('api_response_time', 40);
  const s = metrics.summary();
  assert.equal(s.api_response_time!.count, 2);
  assert.equal(s['api_response_time{endpoint:search}']!.count, 1);
  assert.throws(() => vu.record('api_response_time', 1, { 'bad tag': 'x' }), /tags\.bad tag: got "bad tag", expected a tag name/);
  metrics.destroy();
});
