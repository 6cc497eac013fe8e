import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunResult } from '../../core/index.js';
import { syntheticResult } from '../../testing/index.js';
import { representativeIndex } from './representativeRun.js';

const runs = (slowdowns: number[]): RunResult[] => slowdowns.map((slowdown) => syntheticResult({ seed: 5, slowdown, durationS: 5, model: 'closed' }));

test('the run closest to the median p95 represents the repeats', () => {
  assert.equal(representativeIndex(runs([1.3, 1, 1.1])), 2);
  assert.equal(representativeIndex(runs([1])), 0);
  // Even count: the median lies between the middle two; the closer one wins.
  assert.equal(representativeIndex(runs([1, 1.2, 1.25, 2])), 1);
});

test('completed runs are preferred over an interrupted one', () => {
  const r = runs([1, 1.1, 1.2]);
  r[1] = { ...r[1]!, status: 'interrupted' };
  assert.notEqual(representativeIndex(r), 1);
});

test('no runs is a programming error', () => {
  assert.throws(() => representativeIndex([]), RangeError);
});
