import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/index.js';
import { OpenModel } from './OpenModel.js';
import type { Iteration } from '../iteration/iteration.js';

test('a model started late on a FakeClock with a fractional arrival interval does not spin on a due time lost to rounding', () => {
  const clock = new FakeClock();
  // 550 + 333.33... - 550 is not 333.33... in floating point: a tick just short of the due time used to re-arm a timer at the same instant forever.
  clock.advance(550);
  let started = 0;
  const iteration: Iteration = { run: (_vu, _intended, done) => (started++, done(false)) };
  let finished = false;
  const model = new OpenModel({ clock, iteration, startRate: 3, stages: [{ durationMs: 1000, target: 3 }], maxVus: 10, events: { iterationDone: () => undefined, finished: () => (finished = true) } });
  model.start();
  for (let i = 0; i < 30 && !finished; i++) clock.advance(50);
  assert.equal(started, 3);
  assert.equal(finished, true);
});
