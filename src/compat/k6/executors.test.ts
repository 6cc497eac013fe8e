import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startCompat } from '../startCompat.js';
import { startSeedTarget } from '../seedTarget.test-kit.js';
import { onFakeTime } from '../compat.test-kit.js';
import { planK6 } from './index.js';
import { isLoadlineError } from '../../core/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/k6/${name}`, import.meta.url));

test('the six k6 executors run side by side in one run, each with its exec function, env and own VUs', async () => {
  const target = await startSeedTarget();
  try {
    const result = await onFakeTime(async (clock) => (await startCompat(await planK6(fixture('executors.js'), { env: { BASE_URL: target.url }, clock }))).result, 10);
    const by = (who: string) => target.echoes.filter((e) => e.who === who);
    assert.equal(by('pervu').length, 12, 'per-vu-iterations: 3 VUs x 4');
    assert.equal(by('shared').length, 7, 'shared-iterations: 7 between 2 VUs');
    assert.equal(new Set(by('pervu').map((e) => e.vu)).size, 3);
    // constant-arrival-rate: 10/s for 2 s (the open model starts at 0 and due times are exact).
    assert.equal(by('arrivals').length, 20);
    // ramping-arrival-rate 0 -> 10/s over 2 s: 10 arrivals.
    assert.ok(Math.abs(by('ramparrivals').length - 10) <= 1, `${by('ramparrivals').length} ramping arrivals`);
    // constant-vus 2 VUs looping 1 s with a 0.25 s pause: 2 x 4 iterations.
    assert.ok(by('constant').length >= 8 && by('constant').length <= 10, `${by('constant').length} constant-vus iterations`);
    assert.ok(by('ramping').length > 0);
    assert.ok(new Set(by('ramping').map((e) => e.vu)).size <= 3);
    for (const who of ['constant', 'ramping', 'arrivals', 'ramparrivals', 'pervu', 'shared']) {
      const name = { constant: 'constant', ramping: 'ramping', arrivals: 'arrivals', ramparrivals: 'ramparrivals', pervu: 'pervu', shared: 'shared' }[who];
      assert.ok(by(who).every((e) => e.scenario === name), `${who}: exec.scenario.name`);
    }
    // VU numbers are unique across scenarios.
    const owners = new Map<string, string>();
    for (const e of target.echoes) {
      const owner = owners.get(e.vu!);
      assert.ok(owner === undefined || owner === e.who, `VU ${e.vu} ran in ${owner} and ${e.who}`);
      owners.set(e.vu!, e.who!);
    }
    assert.equal(result.summary.iterations?.count, target.echoes.length);
    assert.equal(result.status, 'completed');
  } finally {
    await target.close();
  }
});

test("k6's shortcut rules: scenarios with duration, or duration with stages, are rejected naming the option; flags replace the schedule", async () => {
  const { planScenarios } = await import('./options.js');
  assert.throws(() => planScenarios({ duration: '10s', scenarios: { a: { executor: 'constant-vus', duration: '1s' } } }, {}, 'x.js'), /options\.duration: expected either options\.scenarios or the duration shortcut, not both/);
  assert.throws(() => planScenarios({ duration: '10s', stages: [{ duration: '1s', target: 1 }] }, {}, 'x.js'), /either options\.duration or options\.stages, not both/);
  assert.throws(() => planScenarios({ scenarios: { a: { executor: 'constant-vus' } } }, {}, 'x.js'), /options\.scenarios\.a\.duration: expected this field for constant-vus/);
  assert.throws(() => planScenarios({ scenarios: { a: { executor: 'bursty' } } }, {}, 'x.js'), /options\.scenarios\.a\.executor: got "bursty", expected one of constant-vus/);
  assert.deepEqual(planScenarios({ stages: [{ duration: '1m', target: 10 }] }, { vus: 3, durationMs: 5000 }, 'x.js').map((p) => [p.executor, p.maxVus, p.durationMs]), [['constant-vus', 3, 5000]]);
  assert.deepEqual(planScenarios({ vus: 4, duration: '30s' }, { iterations: 8 }, 'x.js').map((p) => [p.executor, p.maxVus]), [['shared-iterations', 1]]);
  assert.deepEqual(planScenarios({ vus: 4, duration: '30s' }, {}, 'x.js').map((p) => [p.executor, p.maxVus, p.durationMs]), [['constant-vus', 4, 30_000]]);
  assert.deepEqual(planScenarios({}, {}, 'x.js').map((p) => [p.executor, p.maxVus]), [['per-vu-iterations', 1]]);
});

test("a scenario's gracefulStop cuts iterations still running after its duration: a long sleep ends, nothing after it is sent", async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'loadline-k6-grace-'));
  const target = await startSeedTarget();
  const file = join(dir, 'grace.js');
  writeFileSync(
    file,
    `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { scenarios: { slow: { executor: 'constant-vus', vus: 2, duration: '1s', gracefulStop: '500ms' } } };
export default function () {
  http.get(__ENV.BASE_URL + '/echo?step=before');
  sleep(10);
  http.get(__ENV.BASE_URL + '/echo?step=after');
}
`,
  );
  try {
    const { result, ms } = await onFakeTime(async (clock) => {
      const run = await startCompat(await planK6(file, { env: { BASE_URL: target.url }, clock }));
      const result = await run.result;
      return { result, ms: clock.now() };
    }, 10);
    assert.equal(target.echoes.filter((e) => e.step === 'before').length, 2);
    assert.equal(target.echoes.filter((e) => e.step === 'after').length, 0, 'the interrupted sleep sent nothing after it');
    assert.ok(ms < 3000, `the run ended at the graceful stop (${ms} ms), not after the 10 s sleep`);
    assert.equal(result.status, 'completed');
  } finally {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('planK6 names its option fields in errors (vus, thresholds[i]), not the CLI flags', async () => {
  await assert.rejects(planK6(fixture('executors.js'), { vus: 3 }), (err) => isLoadlineError(err, 'LOADLINE_USAGE') && err.details.field === 'vus' && err.message.startsWith('vus: got 3'));
  await assert.rejects(planK6(fixture('seed-002.js'), { vus: 1, durationMs: 1000, thresholds: ['http_req_duration:p(95)<5', 'nope:count<1'] }), (err) => isLoadlineError(err) && err.details.field === 'thresholds[1]');
});
