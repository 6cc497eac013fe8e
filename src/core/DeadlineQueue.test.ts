import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from './clock.js';
import { DeadlineQueue, type DeadlineEntry } from './DeadlineQueue.js';

/** An entry that records the clock time it expired at. */
function entry(clock: FakeClock, name: string, expired: Array<[string, number]>): DeadlineEntry {
  return { deadline: 0, done: false, expire: () => expired.push([name, clock.now()]) };
}

test('entries expire at their own deadline, in order, from one clock timer', () => {
  const clock = new FakeClock();
  const queue = new DeadlineQueue(clock, 100);
  const expired: Array<[string, number]> = [];
  queue.add(entry(clock, 'a', expired));
  clock.advance(30);
  queue.add(entry(clock, 'b', expired));
  clock.advance(40);
  queue.add(entry(clock, 'c', expired));
  assert.equal(queue.length, 3);
  assert.equal(clock.pending, 1, 'one timer for all entries');
  clock.advance(29);
  assert.deepEqual(expired, []);
  clock.advance(500);
  assert.deepEqual(expired, [['a', 100], ['b', 130], ['c', 170]]);
  assert.equal(queue.length, 0);
  assert.equal(clock.pending, 0, 'no timer left once the queue is empty');
});

test('a settled entry never expires; settling the head drops it and the queue rearms for the next live one', () => {
  const clock = new FakeClock();
  const queue = new DeadlineQueue(clock, 100);
  const expired: Array<[string, number]> = [];
  const a = entry(clock, 'a', expired);
  const b = entry(clock, 'b', expired);
  const c = entry(clock, 'c', expired);
  queue.add(a);
  clock.advance(10);
  queue.add(b);
  clock.advance(10);
  queue.add(c);
  queue.settle(b);
  assert.equal(queue.length, 3, 'b is not at the head: it stays until the head passes it');
  queue.settle(a);
  assert.equal(queue.length, 1, 'a and b leave from the head');
  assert.equal(a.done && b.done, true);
  clock.advance(200);
  assert.deepEqual(expired, [['c', 120]]);
  assert.equal(c.done, true);
  queue.settle(c); // settling after expiry is harmless
  assert.equal(queue.length, 0);
  const d = entry(clock, 'd', expired);
  queue.add(d);
  assert.equal(d.deadline, clock.now() + 100);
  queue.settle(d);
  clock.advance(200);
  assert.deepEqual(expired, [['c', 120]]);
});

test('resolutionMs rounds deadlines up, so entries started within one tick share a deadline', () => {
  const clock = new FakeClock();
  const queue = new DeadlineQueue(clock, 100, 25);
  const expired: Array<[string, number]> = [];
  clock.advance(3);
  const a = entry(clock, 'a', expired);
  queue.add(a);
  clock.advance(20);
  const b = entry(clock, 'b', expired);
  queue.add(b);
  clock.advance(5);
  const c = entry(clock, 'c', expired);
  queue.add(c);
  assert.deepEqual([a.deadline, b.deadline, c.deadline], [125, 125, 150]);
  clock.advance(200);
  assert.deepEqual(expired, [['a', 125], ['b', 125], ['c', 150]]);
});

test('thousands of entries, half settled out of order: exactly the live ones expire, each at its deadline', () => {
  const clock = new FakeClock();
  const queue = new DeadlineQueue(clock, 50);
  const expired: Array<[string, number]> = [];
  const entries: DeadlineEntry[] = [];
  for (let i = 0; i < 3000; i++) {
    const e = entry(clock, String(i), expired);
    queue.add(e);
    entries.push(e);
    if (i >= 7 && i % 2 === 1) queue.settle(entries[i - 7]!); // the even entries up to 2992, a few behind the tail
    clock.advance(1);
  }
  clock.advance(100);
  const want = entries.map((e, i) => [String(i), e.deadline] as [string, number]).filter((_, i) => i % 2 === 1 || i > 2992);
  assert.deepEqual(expired, want);
  assert.equal(expired.at(-1)![1], 2999 + 50);
  assert.equal(queue.length, 0);
  assert.equal(clock.pending, 0);
});
