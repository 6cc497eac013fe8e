import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median } from './median.js';

test('median: middle value, mean of the middle two, NaN for none, input left in order', () => {
  const values = [3, 1, 2];
  assert.equal(median(values), 2);
  assert.deepEqual(values, [3, 1, 2]);
  assert.equal(median([3, 1, 2, 10]), 2.5);
  assert.equal(median([-5]), -5);
  assert.ok(Number.isNaN(median([])));
});
