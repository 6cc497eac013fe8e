import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalQuantile, tQuantile, variance, welchDifference } from './Statistics.js';

test('quantiles of the normal and t distributions match tables', () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-5);
  assert.ok(Math.abs(normalQuantile(0.005) + 2.575829) < 1e-5);
  assert.ok(Math.abs(tQuantile(0.975, 10) - 2.228) < 0.01);
  assert.ok(Math.abs(tQuantile(0.975, 4) - 2.776) < 0.03);
});

test('Welch interval covers the true difference and excludes zero for a clear shift', () => {
  const a = [100, 102, 98, 101, 99];
  const b = [130, 128, 133, 131, 129];
  const d = welchDifference(a, b, 0.95);
  assert.ok(Math.abs(d.estimate - 30.2) < 1e-9);
  assert.ok(d.low > 25 && d.high < 35 && d.low < 30 && d.high > 30, JSON.stringify(d));
  const same = welchDifference(a, [101, 99, 100, 102, 98], 0.95);
  assert.ok(same.low < 0 && same.high > 0);
  assert.equal(variance([1, 2, 3]), 1);
});
