import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveProfile } from './profiles.js';
import { userShare, workerStages } from './worker-share.js';

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

test('worker stages keep durations and split users or rates', () => {
  const spike = resolveProfile('spike').stages;
  const perWorker = [0, 1, 2].map((w) => workerStages(spike, w, 3));
  for (let i = 0; i < spike.length; i++) {
    assert.equal(perWorker.reduce((a, s) => a + s[i]!.to, 0), spike[i]!.to);
    for (const s of perWorker) assert.equal(s[i]!.durationMs, spike[i]!.durationMs);
  }
  assert.deepEqual(workerStages([{ durationMs: 1000, from: 0, to: 10 }], 1, 4, 'rate'), [{ durationMs: 1000, from: 0, to: 2.5 }]);
  assert.throws(() => workerStages(spike, 3, 3), /worker: got 3/);
  assert.throws(() => userShare(10, 0, 0), /--workers: got 0/);
});
