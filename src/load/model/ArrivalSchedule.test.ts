import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArrivalSchedule } from './ArrivalSchedule.js';

test('a constant rate spaces arrivals evenly and ends after duration × rate', () => {
  const s = new ArrivalSchedule([{ durationMs: 10_000, target: 200 }], 200);
  assert.equal(s.total, 2000);
  assert.equal(s.timeOf(0), 0);
  assert.equal(s.timeOf(1), 5);
  assert.equal(s.timeOf(1999), 9995);
  assert.equal(s.timeOf(2000), Infinity);
  assert.equal(s.rateAt(3000), 200);
});

test('a ramp from 0 follows the integral of the rate: arrivals bunch towards the end', () => {
  // 0 -> 100/s over 10 s: 500 arrivals; half of them (250) by t = 10/sqrt(2) s.
  const s = new ArrivalSchedule([{ durationMs: 10_000, target: 100 }], 0);
  assert.equal(s.total, 500);
  assert.ok(Math.abs(s.timeOf(250) - 10_000 / Math.SQRT2) < 0.5, `got ${s.timeOf(250)}`);
  assert.ok(Math.abs(s.timeOf(125) - 5000) < 0.5);
  assert.equal(s.rateAt(5000), 50);
  for (let k = 1; k < 500; k++) assert.ok(s.timeOf(k) > s.timeOf(k - 1));
});

test('ramp up, hold, ramp down: counts per stage and monotonic times across stages', () => {
  const s = new ArrivalSchedule(
    [
      { durationMs: 2000, target: 100 },
      { durationMs: 2000, target: 100 },
      { durationMs: 2000, target: 0 },
    ],
    0,
  );
  assert.equal(s.total, 100 + 200 + 100);
  assert.ok(Math.abs(s.timeOf(100) - 2000) < 0.01);
  assert.ok(Math.abs(s.timeOf(300) - 4000) < 0.01);
  // Ramp down: the last arrival lands before the end, the next is never.
  assert.ok(s.timeOf(399) < 6000);
  assert.equal(s.timeOf(400), Infinity);
  let prev = -1;
  for (let k = 0; k < 400; k++) {
    const t = s.timeOf(k);
    assert.ok(t > prev, `arrival ${k} at ${t} not after ${prev}`);
    prev = t;
  }
});

test('a zero-length stage jumps the rate at once', () => {
  const s = new ArrivalSchedule(
    [
      { durationMs: 1000, target: 10 },
      { durationMs: 0, target: 100 },
      { durationMs: 1000, target: 100 },
    ],
    10,
  );
  assert.equal(s.total, 110);
  assert.equal(s.timeOf(10), 1000);
  assert.equal(s.timeOf(11), 1010);
  assert.equal(s.rateAt(1500), 100);
});
