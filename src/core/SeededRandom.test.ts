import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from './SeededRandom.js';

test('SeededRandom is mulberry32: the sequences the scenario, report and demo copies gave before they became one', () => {
  const rng = new SeededRandom(42);
  assert.deepEqual([rng.next(), rng.next(), rng.next()], [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  // Seed 0 is a seed like any other (the scenario copy's sequence; VU 0 of a run with seed 0 gets it).
  const zero = new SeededRandom(0);
  assert.deepEqual([zero.next(), zero.next()], [0.26642920868471265, 0.0003297457005828619]);
  const seven = new SeededRandom(7);
  assert.deepEqual([seven.normal(), seven.normal(), seven.int(10)], [2.759372987028844, 1.131981118666697, 9]);
});

test('SeededRandom: the same seed repeats, int stays in [0, n), normal has mean 0 and variance 1', () => {
  const a = new SeededRandom(3);
  const b = new SeededRandom(3);
  assert.deepEqual(Array.from({ length: 5 }, () => a.next()), Array.from({ length: 5 }, () => b.next()));
  const rng = new SeededRandom(11);
  const ints = Array.from({ length: 10_000 }, () => rng.int(6));
  assert.ok(ints.every((i) => Number.isInteger(i) && i >= 0 && i < 6));
  assert.equal(new Set(ints).size, 6);
  const xs = Array.from({ length: 20_000 }, () => rng.normal());
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.04, `variance ${variance}`);
});
