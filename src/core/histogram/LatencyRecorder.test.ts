import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Histogram, MAX_TRACKABLE_US } from './histogram.js';
import { LatencyRecorder } from './LatencyRecorder.js';

/** A deterministic spread from sub-microsecond to past the trackable maximum, with repeats. */
function values(n: number): number[] {
  let x = 12345;
  const out: number[] = [-5, 0, 0.4, 1, 2047, 2048, 2049, 4095, 4096, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 12345, MAX_TRACKABLE_US, MAX_TRACKABLE_US + 1, 1e12];
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const magnitude = x % 9; // 1 µs .. 100 s
    out.push(((x >>> 8) % 1000) * 10 ** magnitude / 100 + (x & 1 ? 0.5 : 0));
  }
  return out;
}

for (const [name, data] of [
  ['from 0 to past the maximum', values(50_000)],
  ['above 2048 µs only (min and max not on bucket bounds)', values(50_000).filter((v) => v > 3001 && v < 5e8).concat([3001.4, 499_999_999])],
  ['one value', [123_457]],
] as const) {
test(`after flush every target equals direct recording (${name}): encoding, count, min, max, mean, percentiles`, () => {
  const direct = new Histogram();
  const a = new Histogram();
  const b = new Histogram();
  const recorder = new LatencyRecorder([a, b]);
  for (const v of data) {
    direct.record(v);
    recorder.record(v);
  }
  recorder.flush();
  assert.equal(recorder.pending, false);
  for (const h of [a, b]) {
    assert.equal(h.encode(), direct.encode());
    assert.equal(h.count, direct.count);
    assert.equal(h.min, direct.min);
    assert.equal(h.max, direct.max);
    assert.equal(h.mean, direct.mean);
    assert.equal(h.stdev, direct.stdev);
    for (const p of [0, 1, 50, 90, 95, 99, 99.9, 99.99, 100]) assert.equal(h.percentile(p), direct.percentile(p), `p${p}`);
  }
  for (const h of [direct, a, b]) h.destroy();
});
}

test('a full table flushes by itself and nothing is lost or counted twice', () => {
  const target = new Histogram();
  const recorder = new LatencyRecorder([target]);
  for (let v = 0; v < 10_000; v++) recorder.record(v); // 10 000 distinct buckets: several self-flushes
  assert.ok(target.count > 0 && target.count < 10_000);
  recorder.flush();
  recorder.flush(); // a second flush adds nothing
  assert.equal(target.count, 10_000);
  assert.equal(target.max, 9999);
  target.destroy();
});

test('clear drops what is buffered', () => {
  const target = new Histogram();
  const recorder = new LatencyRecorder([target]);
  recorder.record(10);
  recorder.clear();
  recorder.flush();
  assert.equal(target.count, 0);
  target.destroy();
});

test('a small table (slotBits 9) self-flushes often and still equals direct recording', () => {
  const direct = new Histogram();
  const target = new Histogram();
  const recorder = new LatencyRecorder([target], { slotBits: 9 });
  for (const v of values(50_000)) {
    direct.record(v);
    recorder.record(v);
  }
  recorder.flush();
  assert.equal(target.encode(), direct.encode());
  assert.equal(target.max, direct.max);
  assert.equal(target.min, direct.min);
  for (const h of [direct, target]) h.destroy();
});

test('slotBits out of range is rejected naming the option', () => {
  assert.throws(() => new LatencyRecorder([], { slotBits: 30 }), /slotBits: got 30, expected an integer from 4 to 16/);
});
