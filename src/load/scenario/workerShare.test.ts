import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveProfile } from './profiles.js';
import { userShare, workerLoad } from './workerShare.js';

test('user shares are whole and add up exactly', () => {
  assert.deepEqual([0, 1, 2].map((w) => userShare(10, w, 3)), [4, 3, 3]);
  for (const total of [0, 1, 7, 50, 1000]) {
    for (const workers of [1, 3, 8]) {
      let sum = 0;
      for (let w = 0; w < workers; w++) sum += userShare(total, w, workers);
      assert.equal(sum, total, `${total} over ${workers}`);
    }
  }
});

test('worker loads keep durations and split users or rates', () => {
  const spike = resolveProfile('spike');
  const perWorker = [0, 1, 2].map((w) => workerLoad(spike, w, 3));
  assert.equal(perWorker.reduce((a, l) => a + l.start, 0), spike.start);
  for (let i = 0; i < spike.stages.length; i++) {
    assert.equal(perWorker.reduce((a, l) => a + l.stages[i]!.target, 0), spike.stages[i]!.target);
    for (const l of perWorker) assert.equal(l.stages[i]!.durationMs, spike.stages[i]!.durationMs);
  }
  assert.deepEqual(workerLoad({ start: 2, stages: [{ durationMs: 1000, target: 10 }] }, 1, 4, 'rate'), { start: 0.5, stages: [{ durationMs: 1000, target: 2.5 }] });
  assert.throws(() => workerLoad(spike, 3, 3), /worker: got 3/);
  assert.throws(() => userShare(10, 0, 0), /workers: got 0/);
});
