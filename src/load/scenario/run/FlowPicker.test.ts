import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowPicker } from './FlowPicker.js';
import { seededRandom } from '../random.js';
import { sampleThinkMs } from './thinkTime.js';

test('flows are picked in proportion to their weights', () => {
  const picker = new FlowPicker([30, 50, 20], seededRandom(11));
  const counts = [0, 0, 0];
  const n = 20_000;
  for (let i = 0; i < n; i++) counts[picker.pick()]!++;
  assert.deepEqual(counts.map((c) => Math.round((c / n) * 100)), [30, 50, 20]);
});

test('the same seed gives the same sequence; one flow is always picked', () => {
  const seq = (seed: number) => {
    const p = new FlowPicker([1, 1], seededRandom(seed));
    return Array.from({ length: 20 }, () => p.pick());
  };
  assert.deepEqual(seq(5), seq(5));
  assert.equal(new FlowPicker([7], seededRandom(1)).pick(), 0);
});

test('weights must be positive', () => {
  assert.throws(() => new FlowPicker([1, 0], seededRandom(1)), /flows\[1\]\.weight: got 0, expected a finite number greater than 0/);
  assert.throws(() => new FlowPicker([], seededRandom(1)), /at least one flow/);
});

test('think time: fixed, or uniform in the range', () => {
  const rng = seededRandom(2);
  assert.equal(sampleThinkMs({ minMs: 2000, maxMs: 2000 }, rng), 2000);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < 10_000; i++) {
    const v = sampleThinkMs({ minMs: 500, maxMs: 3000 }, rng);
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  assert.ok(min >= 500 && min < 520, `min ${min}`);
  assert.ok(max <= 3000 && max > 2980, `max ${max}`);
  assert.ok(Math.abs(sum / 10_000 - 1750) < 30, `mean ${sum / 10_000}`);
});
