import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunStats } from '../../stats/RunStats.js';
import { mergeRunStats, snapshotRunStats } from '../../workers/RunStatsSnapshot.js';
import { OutcomeCounts } from './OutcomeCounts.js';

test('checks and captures are counted by name; unrun ones are left out of the summaries', () => {
  const o = new OutcomeCounts();
  const ok = o.addCheck('status is 200', 'login');
  const vip = o.addCheck('body contains "vip"', 'profile');
  o.addCheck('never ran', 'other');
  assert.equal(o.addCheck('status is 200', 'login'), ok, 'the same name is the same counter');
  const token = o.addCapture('token', 'login');
  for (let i = 0; i < 4; i++) {
    o.recordCheck(ok, true);
    o.recordCheck(vip, i === 0);
    o.recordCapture(token, i !== 3);
  }
  assert.deepEqual(o.checkSummary(), {
    'status is 200': { passes: 4, fails: 0, rate: 1, request: 'login' },
    'body contains "vip"': { passes: 1, fails: 3, rate: 0.25, request: 'profile' },
  });
  assert.deepEqual(o.captureSummary(), { token: { request: 'login', responses: 4, misses: 1 } });
});

test('worker snapshots carry the counts by name and merge exactly, whatever order each worker registered them in', () => {
  const workers = [new RunStats(), new RunStats()];
  const [a, b] = workers as [RunStats, RunStats];
  const aLogin = a.outcomes.addCheck('status is 200', 'login');
  const aCap = a.outcomes.addCapture('token', 'login');
  const bVip = b.outcomes.addCheck('vip', 'profile');
  const bLogin = b.outcomes.addCheck('status is 200', 'login');
  a.outcomes.recordCheck(aLogin, true);
  a.outcomes.recordCheck(aLogin, false);
  a.outcomes.recordCapture(aCap, false);
  b.outcomes.recordCheck(bLogin, true);
  b.outcomes.recordCheck(bVip, true);
  const merged = mergeRunStats(workers.map(snapshotRunStats));
  assert.deepEqual(merged.outcomes.checkSummary(), {
    'status is 200': { passes: 2, fails: 1, rate: 2 / 3, request: 'login' },
    vip: { passes: 1, fails: 0, rate: 1, request: 'profile' },
  });
  assert.deepEqual(merged.outcomes.captureSummary(), { token: { request: 'login', responses: 1, misses: 1 } });
  for (const s of [...workers, merged]) s.destroy();
});
