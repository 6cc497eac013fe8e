import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from './clock.js';

test('FakeClock fires due timers in time order, each at its own time', () => {
  const clock = new FakeClock();
  const fired: Array<[string, number]> = [];
  clock.setTimeout(() => fired.push(['b', clock.now()]), 200);
  clock.setTimeout(() => fired.push(['a', clock.now()]), 100);
  clock.setTimeout(() => {
    fired.push(['c', clock.now()]);
    clock.setTimeout(() => fired.push(['nested', clock.now()]), 50);
  }, 200);
  clock.advance(99);
  assert.deepEqual(fired, []);
  clock.advance(200);
  assert.deepEqual(fired, [['a', 100], ['b', 200], ['c', 200], ['nested', 250]]);
  assert.equal(clock.now(), 299);
});

test('FakeClock clearTimeout cancels and wallNow follows now', () => {
  const clock = new FakeClock(1_000_000);
  let fired = false;
  const t = clock.setTimeout(() => (fired = true), 10);
  assert.equal(clock.pending, 1);
  clock.clearTimeout(t);
  clock.advance(20);
  assert.equal(fired, false);
  assert.equal(clock.pending, 0);
  assert.equal(clock.wallNow(), 1_000_020);
});

test('advanceAsync lets promise continuations scheduled by timers run', async () => {
  const clock = new FakeClock();
  const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
  const order: number[] = [];
  const task = (async () => {
    await sleep(100);
    order.push(clock.now());
    await sleep(100);
    order.push(clock.now());
  })();
  await clock.advanceAsync(250, 50);
  await task;
  assert.deepEqual(order, [100, 200]);
});
