import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/index.js';
import { ClosedModel } from './ClosedModel.js';
import type { Iteration } from '../iteration/iteration.js';

/** An iteration that takes `ms` of fake time; records the concurrency it saw. */
function timedIteration(clock: FakeClock, ms: number) {
  const seen = { active: 0, peak: 0, runs: 0, vus: new Set<number>() };
  const iteration: Iteration = {
    run(vu, _start, done) {
      seen.active++;
      seen.runs++;
      seen.vus.add(vu.id);
      seen.peak = Math.max(seen.peak, seen.active);
      clock.setTimeout(() => {
        seen.active--;
        done(false);
      }, ms);
    },
  };
  return { iteration, seen };
}

test('N VUs loop back to back for the duration, then finish once', async () => {
  const clock = new FakeClock();
  const { iteration, seen } = timedIteration(clock, 10);
  let finished = 0;
  let done = 0;
  const model = new ClosedModel({ clock, iteration, startVus: 5, stages: [{ durationMs: 1000, target: 5 }], events: { iterationDone: () => done++, finished: () => finished++ } });
  model.start();
  assert.equal(model.running, 5);
  await clock.advanceAsync(1100, 5);
  assert.equal(seen.peak, 5);
  assert.equal(seen.vus.size, 5);
  // 5 VUs × 1000 ms / 10 ms each, give or take the iterations running at the end.
  assert.ok(seen.runs >= 495 && seen.runs <= 505, `runs ${seen.runs}`);
  assert.equal(done, seen.runs);
  assert.equal(finished, 1);
  assert.equal(model.active, 0);
});

test('stages ramp VUs up and down; retiring VUs finish their iteration first', async () => {
  const clock = new FakeClock();
  const { iteration, seen } = timedIteration(clock, 50);
  const counts: number[] = [];
  const model = new ClosedModel({
    clock,
    iteration,
    startVus: 0,
    stages: [
      { durationMs: 1000, target: 10 },
      { durationMs: 1000, target: 10 },
      { durationMs: 1000, target: 0 },
    ],
    events: { iterationDone: () => {}, finished: () => {} },
  });
  model.start();
  for (let t = 0; t < 3000; t += 500) {
    counts.push(model.running);
    await clock.advanceAsync(500, 10);
  }
  assert.deepEqual(counts, [0, 5, 10, 10, 10, 5]);
  assert.equal(seen.peak, 10);
  await clock.advanceAsync(200, 10);
  assert.equal(model.active, 0);
});

test('maxIterations stops the run after that many iterations', async () => {
  const clock = new FakeClock();
  const { iteration, seen } = timedIteration(clock, 10);
  let finished = false;
  const model = new ClosedModel({ clock, iteration, startVus: 3, stages: [{ durationMs: 60_000, target: 3 }], maxIterations: 20, events: { iterationDone: () => {}, finished: () => (finished = true) } });
  model.start();
  await clock.advanceAsync(500, 5);
  assert.equal(seen.runs, 20);
  assert.equal(finished, true);
});

test('maxIterations below the VU count starts exactly that many and ends (no VU launched after the amount is reached)', async () => {
  const clock = new FakeClock();
  const { iteration, seen } = timedIteration(clock, 10);
  let finished = 0;
  // Before the fix, #setTarget kept creating VUs whose first run found the amount reached and
  // gave back its running slot: an endless synchronous loop in start(). Each new VU is prepared,
  // so counting them turns that hang into a failure.
  let prepared = 0;
  iteration.prepare = () => {
    if (++prepared > 100) throw new Error(`${prepared} VUs created for 10 asked: the model keeps launching VUs after the amount was reached`);
  };
  const model = new ClosedModel({ clock, iteration, startVus: 10, stages: [{ durationMs: 60_000, target: 10 }], maxIterations: 3, events: { iterationDone: () => {}, finished: () => finished++ } });
  model.start();
  assert.equal(seen.runs, 3);
  await clock.advanceAsync(100, 5);
  assert.equal(seen.runs, 3);
  assert.equal(finished, 1);
  assert.equal(model.active, 0);
});

test('stop() ends a run early and waits for running iterations', async () => {
  const clock = new FakeClock();
  const { iteration } = timedIteration(clock, 100);
  let finished = false;
  const model = new ClosedModel({ clock, iteration, startVus: 2, stages: [{ durationMs: 60_000, target: 2 }], events: { iterationDone: () => {}, finished: () => (finished = true) } });
  model.start();
  await clock.advanceAsync(50, 10);
  model.stop();
  assert.equal(finished, false);
  await clock.advanceAsync(60, 10);
  assert.equal(finished, true);
});
