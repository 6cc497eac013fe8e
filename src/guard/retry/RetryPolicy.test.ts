import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/index.js';
import { isAbortedError } from '../guardErrors.js';
import { RetryPolicy } from './RetryPolicy.js';

test('retries with full-jitter exponential backoff until success', async () => {
  const clock = new FakeClock();
  const delays: number[] = [];
  const retry = new RetryPolicy({ maxAttempts: 4, baseDelayMs: 100, random: () => 0.5, clock, onRetry: (_a, _e, d) => delays.push(d) });
  let attempts = 0;
  const p = retry.execute(({ attempt }) => {
    attempts = attempt;
    return attempt < 4 ? Promise.reject(new Error(`fail ${attempt}`)) : 'ok';
  });
  await clock.advanceAsync(1000, 10);
  assert.equal(await p, 'ok');
  assert.equal(attempts, 4);
  assert.deepEqual(delays, [50, 100, 200]);
});

test('gives up after maxAttempts with the last error, and on non-retryable errors at once', async () => {
  const clock = new FakeClock();
  const retry = new RetryPolicy({ maxAttempts: 2, baseDelayMs: 10, clock, isRetryable: (e) => !(e instanceof TypeError) });
  let n = 0;
  const p = retry.execute(() => Promise.reject(new Error(`fail ${++n}`)));
  const check = assert.rejects(p, /fail 2/);
  await clock.advanceAsync(100, 5);
  await check;
  n = 0;
  await assert.rejects(retry.execute(() => { n++; throw new TypeError('bad input'); }), TypeError);
  assert.equal(n, 1);
});

test('maxElapsedMs stops retrying when the next backoff would pass it', async () => {
  const clock = new FakeClock();
  const retry = new RetryPolicy({ maxAttempts: 10, baseDelayMs: 100, maxElapsedMs: 250, random: () => 0.99, clock });
  let n = 0;
  const p = retry.execute(() => Promise.reject(new Error(`fail ${++n}`)));
  const check = assert.rejects(p, /fail 2/);
  await clock.advanceAsync(1000, 10);
  await check; // first sleep 99 ms; the second (198 ms) would end at 297 ms, past 250 ms
});

test('an abort during the backoff sleep rejects with LOADLINE_ABORTED and stops attempts', async () => {
  const clock = new FakeClock();
  const retry = new RetryPolicy({ maxAttempts: 5, baseDelayMs: 1000, random: () => 1, clock });
  const ac = new AbortController();
  let n = 0;
  const p = retry.execute(() => { n++; return Promise.reject(new Error('x')); }, ac.signal);
  await clock.advanceAsync(10);
  ac.abort();
  await assert.rejects(p, isAbortedError);
  await clock.advanceAsync(5000, 100);
  assert.equal(n, 1);
  assert.equal(clock.pending, 0);
});

test('the backoff cap doubles up to maxDelayMs; options are validated', () => {
  const retry = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 500 });
  assert.deepEqual([1, 2, 3, 4, 5].map((a) => retry.backoffCapMs(a)), [100, 200, 400, 500, 500]);
  assert.throws(() => new RetryPolicy({ maxAttempts: 0 }), /maxAttempts: got 0/);
  assert.throws(() => new RetryPolicy({ baseDelayMs: -5 }), /baseDelayMs/);
});
