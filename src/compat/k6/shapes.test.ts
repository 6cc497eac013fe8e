import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCompat } from '../startCompat.js';
import { startSeedTarget } from '../seedTarget.test-kit.js';
import { onFakeTime } from '../compat.test-kit.js';
import { planK6 } from './index.js';

const SHAPES = fileURLToPath(new URL('../../../test/fixtures/k6/shapes/shapes.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'loadline-k6-shapes-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('k6 shapes: groups, helpers in a local module, object and class methods, loops, forEach/map with requests, state per VU, SharedArray over open(), setup data, handleSummary', async () => {
  const target = await startSeedTarget();
  const summaryFile = join(dir, 'summary.json');
  try {
    const { result, plan } = await onFakeTime(async (clock) => {
      const plan = await planK6(SHAPES, { env: { BASE_URL: target.url, SUMMARY_FILE: summaryFile }, clock });
      return { plan, result: await (await startCompat(plan)).result };
    }, 5);
    // 2 VUs x 2 iterations; setup made one request of its own, not counted in the run.
    assert.equal(target.count('POST /api/v1/auth/login'), 4);
    assert.equal(target.count('GET /api/v1/media'), 8, 'the for loop awaited each helper call');
    assert.equal(target.count('GET /api/forums/topics'), 1 + 4, 'setup, then one batch per iteration');
    assert.equal(target.count('GET /api/v1/users/me'), 4, 'map with a request inside');
    assert.equal(target.count('GET /api/v1/playlists'), 4, 'a class method through an object helper');
    const after = target.echoes.filter((e) => e.after !== undefined);
    assert.equal(after.length, 8, 'forEach over the batch responses, a request per element');
    const echoes = target.echoes.filter((e) => e.vu !== undefined);
    assert.deepEqual(echoes.map((e) => `${e.vu}:${e.iter}:${e.mine}`).sort(), ['1:0:1', '1:1:2', '2:0:1', '2:1:2'], '__VU 1-based, __ITER 0-based, module state per VU');
    assert.ok(echoes.every((e) => e.topics === '2' && e.scenario === 'shapes'), 'setup data and exec.scenario reached every VU');
    const endpoints = Object.fromEntries(result.summary.endpoints.map((e) => [e.name, e.requests]));
    assert.equal(endpoints['/api/v1/media'], 8, 'tags.name names the endpoint');
    assert.equal(endpoints['after-page'], 8);
    assert.equal(result.summary.checks?.rate, 1);
    assert.equal(result.summary.checks?.byName?.['::browse::page ok']?.passes, 8, 'checks in a group are named with its path');
    assert.ok(result.thresholds.every((t) => t.ok), JSON.stringify(result.thresholds));
    assert.equal(result.summary.metrics?.['per_vu_iterations{vu:1}']?.value, 2, 'custom metric tags');
    // handleSummary: its stdout replaces the summary, its files are written, data has k6's shape.
    assert.match(plan.summaryText ?? '', /✓ page ok/);
    assert.match(plan.summaryText ?? '', /http_req_duration\.+: avg=/);
    const data = JSON.parse(readFileSync(summaryFile, 'utf8'));
    assert.equal(data.metrics.http_reqs.type, 'counter');
    assert.equal(data.metrics.http_reqs.values.count, result.summary.total.requests);
    assert.deepEqual(Object.keys(data.metrics.http_req_duration.values).sort(), ['avg', 'max', 'med', 'min', 'p(90)', 'p(95)']);
    assert.equal(data.metrics.checks.values.rate, 1);
    assert.equal(data.metrics.per_vu_iterations.values.count, 4);
    assert.deepEqual(data.metrics['http_req_duration{group:::browse}'].thresholds, { 'count>0': { ok: true } });
    assert.equal(data.root_group.groups[0].name, 'browse');
    assert.deepEqual(data.root_group.groups[0].checks.map((c: { name: string; passes: number }) => [c.name, c.passes]), [['page ok', 8], ['me ok', 4]]);
    assert.ok(data.metrics.iteration_duration, 'k6 metrics recorded for the summary');
    assert.deepEqual(data.setup_data.topics, 2);
    assert.ok(typeof data.state.testRunDurationMs === 'number');
  } finally {
    await target.close();
  }
});
