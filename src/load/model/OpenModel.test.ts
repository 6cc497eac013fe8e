import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/index.js';
import { OpenModel } from './OpenModel.js';
import type { Iteration } from '../iteration/iteration.js';

test('arrivals start at their due times whatever the iteration time, latency from the intended start', async () => {
  const clock = new FakeClock();
  const latencies: number[] = [];
  const starts: number[] = [];
  // The "server" stalls: every iteration ends 300 ms after it started.
  const iteration: Iteration = {
    run(_vu, intended, done) {
      starts.push(intended);
      clock.setTimeout(() => done(false), 300);
    },
  };
  let finished = false;
  const model = new OpenModel({
    clock,
    iteration,
    startRate: 100,
    stages: [{ durationMs: 1000, target: 100 }],
    maxVus: 1000,
    events: { iterationDone: (_vu, _f, intended) => latencies.push(clock.now() - intended), finished: () => (finished = true) },
  });
  model.start();
  await clock.advanceAsync(1400, 1);
  assert.equal(starts.length, 100);
  // Each starts at its due time (k × 10 ms) or at most 1 ms ahead of it (ticks fire early to beat timer lateness).
  starts.forEach((s, k) => assert.ok(s <= k * 10 && s >= k * 10 - 1, `arrival ${k} at ${s}`));
  assert.equal(latencies.length, 100);
  assert.ok(latencies.every((l) => l === 300), 'every latency is the 300 ms stall, not hidden by waiting');
  assert.equal(finished, true);
});

test('a late timer does not bunch arrivals: each keeps its own intended start', async () => {
  const clock = new FakeClock();
  const starts: number[] = [];
  const iteration: Iteration = { run: (_vu, intended, done) => (starts.push(intended), done(false)) };
  const model = new OpenModel({ clock, iteration, startRate: 1000, stages: [{ durationMs: 100, target: 1000 }], maxVus: 10, events: { iterationDone: () => {}, finished: () => {} } });
  model.start();
  // Jump 50 ms at once, as when the event loop was blocked.
  clock.advance(50);
  assert.equal(starts.length, 52);
  assert.ok(starts[25]! >= 24 && starts[25]! <= 25, `${starts[25]}`);
  assert.equal(starts[51], 50);
});

test('arrivals finding every VU busy are dropped and counted', async () => {
  const clock = new FakeClock();
  let dropped = 0;
  let started = 0;
  const iteration: Iteration = {
    run(_vu, _i, done) {
      started++;
      clock.setTimeout(() => done(false), 1000);
    },
  };
  const model = new OpenModel({ clock, iteration, startRate: 100, stages: [{ durationMs: 1000, target: 100 }], maxVus: 20, events: { iterationDone: () => {}, dropped: () => dropped++, finished: () => {} } });
  model.start();
  await clock.advanceAsync(1500, 5);
  assert.equal(started, 20);
  assert.equal(dropped, 80);
  // Progress shows busy of allocated VUs: all 20 were needed at once, none is busy at the end.
  assert.equal(model.allocated, 20);
  assert.equal(model.active, 0);
});

test('a rate ramp starts more iterations as the rate grows', async () => {
  const clock = new FakeClock();
  const perHalf = [0, 0];
  const iteration: Iteration = { run: (_vu, intended, done) => (perHalf[intended < 1000 ? 0 : 1]!++, done(false)) };
  const model = new OpenModel({ clock, iteration, startRate: 0, stages: [{ durationMs: 2000, target: 200 }], maxVus: 100, events: { iterationDone: () => {}, finished: () => {} } });
  model.start();
  await clock.advanceAsync(2100, 2);
  // 0 -> 200/s over 2 s: 50 arrivals in the first second, 150 in the second (± the one on the edge).
  assert.ok(Math.abs(perHalf[0]! - 50) <= 1 && perHalf[0]! + perHalf[1]! === 200, JSON.stringify(perHalf));
});

test('maxIterations counts started iterations, not dropped arrivals', async () => {
  const clock = new FakeClock();
  let started = 0;
  let dropped = 0;
  let finished = false;
  const iteration: Iteration = {
    run(_vu, _i, done) {
      started++;
      clock.setTimeout(() => done(false), 35);
    },
  };
  const model = new OpenModel({ clock, iteration, startRate: 100, stages: [{ durationMs: 10_000, target: 100 }], maxVus: 2, maxIterations: 10, events: { iterationDone: () => {}, dropped: () => dropped++, finished: () => (finished = true) } });
  model.start();
  await clock.advanceAsync(1000, 5);
  assert.equal(started, 10);
  assert.equal(model.started, 10);
  assert.ok(dropped > 0);
  assert.equal(finished, true);
});
