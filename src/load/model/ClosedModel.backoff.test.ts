import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/index.js';
import { ClosedModel } from './ClosedModel.js';
import type { Iteration } from '../iteration/iteration.js';

/** An iteration of 1 ms (fake) that reaches no server while `down` is set; records start times per VU. */
function flakyTarget(clock: FakeClock) {
  const state = { down: true, starts: new Map<number, number[]>() };
  const iteration: Iteration = {
    run(vu, start, done) {
      const list = state.starts.get(vu.id) ?? [];
      list.push(start);
      state.starts.set(vu.id, list);
      const down = state.down;
      clock.setTimeout(() => done(down, down), 1);
    },
  };
  return { iteration, state };
}

const noEvents = { iterationDone: () => {}, finished: () => {} };

test('a VU whose iterations reach no server waits 5 ms, doubling up to 1 s, before each next one', async () => {
  const clock = new FakeClock();
  const { iteration, state } = flakyTarget(clock);
  const model = new ClosedModel({ clock, iteration, startVus: 2, stages: [{ durationMs: 60_000, target: 2 }], events: noEvents });
  model.start();
  await clock.advanceAsync(5000, 1);
  // Each start is the previous one + 1 ms of iteration + the backoff: 5, 10, 20, ... 640, then 1000 (the cap).
  assert.deepEqual(state.starts.get(0), [0, 6, 17, 38, 79, 160, 321, 642, 1283, 2284, 3285, 4286]);
  assert.deepEqual(state.starts.get(1), state.starts.get(0));
  assert.equal(model.backoffs, 24);
  model.stop();
});

test('the backoff ends with the first iteration that reaches the server: back to back again', async () => {
  const clock = new FakeClock();
  const { iteration, state } = flakyTarget(clock);
  const model = new ClosedModel({ clock, iteration, startVus: 1, stages: [{ durationMs: 60_000, target: 1 }], events: noEvents });
  model.start();
  await clock.advanceAsync(3000, 1);
  state.down = false;
  const before = state.starts.get(0)!.length;
  await clock.advanceAsync(2000, 1);
  const after = state.starts.get(0)!;
  // At most one more capped wait (1 s), then one iteration per fake ms.
  assert.ok(after.length - before >= 900, `${after.length - before} iterations in 2 s after recovery`);
  const last = after.slice(-3);
  assert.deepEqual([last[1]! - last[0]!, last[2]! - last[1]!], [1, 1]);
  // Down again: the backoff starts over from 5 ms, not from where it stopped.
  state.down = true;
  const t = after.at(-1)!;
  await clock.advanceAsync(50, 1);
  const next = state.starts.get(0)!.filter((s) => s > t);
  assert.deepEqual(next.slice(0, 3).map((s) => s - t), [1, 7, 18]);
  model.stop();
});

test('stop() ends VUs waiting out a backoff at once: the run finishes without waiting for their timers', async () => {
  const clock = new FakeClock();
  const { iteration } = flakyTarget(clock);
  let finished = 0;
  const model = new ClosedModel({ clock, iteration, startVus: 3, stages: [{ durationMs: 60_000, target: 3 }], events: { iterationDone: () => {}, finished: () => finished++ } });
  model.start();
  await clock.advanceAsync(1500, 1);
  assert.equal(model.active, 0, 'every VU is waiting');
  model.stop();
  assert.equal(finished, 1);
  assert.equal(model.running, 0);
  assert.equal(clock.pending, 0);
});
