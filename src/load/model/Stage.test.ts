import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stagesDuration, targetAt } from './Stage.js';

test('targetAt interpolates linearly from the start and holds the last target', () => {
  const stages = [
    { durationMs: 10_000, target: 50 },
    { durationMs: 10_000, target: 50 },
    { durationMs: 5000, target: 0 },
  ];
  assert.equal(stagesDuration(stages), 25_000);
  assert.equal(targetAt(stages, 0, 0), 0);
  assert.equal(targetAt(stages, 0, 5000), 25);
  assert.equal(targetAt(stages, 0, 15_000), 50);
  assert.equal(targetAt(stages, 0, 22_500), 25);
  assert.equal(targetAt(stages, 0, 30_000), 0);
  assert.equal(targetAt([{ durationMs: 1000, target: 20 }], 10, 500), 15);
});
