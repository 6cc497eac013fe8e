import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../core/index.js';
import { lognormal } from './lognormal.js';

test('lognormal samples have the given median and a right tail', () => {
  const rng = new SeededRandom(1);
  const sample = lognormal(20, 0.5, () => rng.next());
  const xs = Array.from({ length: 20_000 }, sample).sort((a, b) => a - b);
  const median = xs[10_000]!;
  const p99 = xs[19_800]!;
  assert.ok(Math.abs(median - 20) < 0.6, `median ${median}`);
  // p99 of a lognormal = median · e^(2.326·σ) ≈ 3.2 × median.
  assert.ok(p99 / median > 2.8 && p99 / median < 3.6, `p99/median ${p99 / median}`);
  assert.ok(xs[0]! > 0);
});
