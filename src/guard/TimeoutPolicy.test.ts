import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../core/index.js';
import { isAbortedError, isTimeoutError } from './guardErrors.js';
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
