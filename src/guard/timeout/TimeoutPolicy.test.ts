import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/index.js';
import { isAbortedError, isTimeoutError } from '../guardErrors.js';
import { TimeoutPolicy } from './TimeoutPolicy.js';

test('rejects at the deadline and aborts the call signal; one shared timer for many calls', async () => {
  const clock = new FakeClock();
  const timeout = new TimeoutPolicy({ timeoutMs: 100, clock });
  const signals: AbortSignal[] = [];
  const calls = [];
  for (let i = 0; i < 50; i++) {
    calls.push(timeout.execute(({ signal }) => { signals.push(signal); return new Promise(() => {}); }));
    clock.advance(1);
  }
  assert.equal(clock.pending, 1, 'one timer for 50 calls in flight');
  const outcomes = calls.map((p) => p.then(() => 'ok', (e) => (isTimeoutError(e) ? 'timeout' : 'other')));
  clock.advance(50);
  await new Promise((r) => setImmediate(r));
  assert.equal(signals.filter((s) => s.aborted).length, 1, 'only the first call hit its deadline at 100 ms');
  clock.advance(49);
  assert.deepEqual(new Set(await Promise.all(outcomes)), new Set(['timeout']));
  assert.ok(signals.every((s) => s.aborted));
  assert.equal(clock.pending, 0);
});

test('calls that finish in time resolve or reject with their own outcome; sync throws become rejections', async () => {
  const clock = new FakeClock();
  const timeout = new TimeoutPolicy({ timeoutMs: 100, clock });
  assert.equal(await timeout.execute(() => 7), 7);
  assert.equal(await timeout.execute(async () => 'a'), 'a');
  await assert.rejects(timeout.execute(() => { throw new RangeError('x'); }), RangeError);
  await assert.rejects(timeout.execute(() => Promise.reject(new TypeError('y'))), TypeError);
  clock.advance(1000);
  assert.equal(clock.pending, 0);
});

test('the caller signal aborts the call and rejects with LOADLINE_ABORTED', async () => {
  const timeout = new TimeoutPolicy({ timeoutMs: 10_000, clock: new FakeClock() });
  const ac = new AbortController();
  let inner: AbortSignal | undefined;
  const p = timeout.execute(({ signal }) => { inner = signal; return new Promise(() => {}); }, ac.signal);
  ac.abort('user left');
  await assert.rejects(p, isAbortedError);
  assert.equal(inner?.aborted, true);
  const pre = new AbortController();
  pre.abort();
  await assert.rejects(timeout.execute(() => 1, pre.signal), isAbortedError);
});

test('timeoutMs is validated', () => {
  assert.throws(() => new TimeoutPolicy({ timeoutMs: 0 }), /timeoutMs: got 0, expected a finite number greater than 0/);
});

test('calls started in one resolution slot share a deadline and one abort signal', async () => {
  const clock = new FakeClock();
  const timeout = new TimeoutPolicy({ timeoutMs: 1000, resolutionMs: 10, clock });
  const signals: AbortSignal[] = [];
  const hang = ({ signal }: { signal: AbortSignal }) => { signals.push(signal); return new Promise(() => {}); };
  clock.advance(1);
  const calls = [timeout.execute(hang)]; // deadline 1001 rounds up to 1010
  clock.advance(2);
  calls.push(timeout.execute(hang)); // same slot: deadline 1010
  clock.advance(10);
  calls.push(timeout.execute(hang)); // next slot: deadline 1020
  assert.equal(signals[0], signals[1]);
  assert.notEqual(signals[1], signals[2]);
  const state = calls.map(() => 'pending');
  calls.forEach((p, i) => p.catch(() => (state[i] = 'timed out')));
  clock.advance(1010 - 13 - 1);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(state, ['pending', 'pending', 'pending'], 'nothing before the slot deadline');
  clock.advance(1);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(state, ['timed out', 'timed out', 'pending']);
  assert.deepEqual([signals[0]!.aborted, signals[2]!.aborted], [true, false]);
  clock.advance(10);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(state, ['timed out', 'timed out', 'timed out']);
  assert.equal(signals[2]!.aborted, true);
  assert.equal(new TimeoutPolicy({ timeoutMs: 5000 }).resolutionMs, 10, 'default: timeoutMs / 100, at most 10');
});
