import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../core/index.js';
import { CircuitBreaker } from './breaker/CircuitBreaker.js';
import { isBreakerOpenError, isTimeoutError } from './guardErrors.js';
import { RetryPolicy } from './retry/RetryPolicy.js';
import { TimeoutPolicy } from './timeout/TimeoutPolicy.js';
import { wrapPolicies } from './wrapPolicies.js';

test('retry around breaker around timeout: each attempt is timed out, timeouts open the breaker, retry stops on an open breaker', async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({ consecutiveFailures: 2, openMs: 10_000, clock });
  const retry = new RetryPolicy({ maxAttempts: 5, baseDelayMs: 10, random: () => 1, clock, isRetryable: (e) => !isBreakerOpenError(e) });
  const timeout = new TimeoutPolicy({ timeoutMs: 100, clock });
  const guarded = wrapPolicies(retry, breaker, timeout);
  const signals: AbortSignal[] = [];
  const p = guarded.execute(({ signal }) => { signals.push(signal); return new Promise(() => {}); });
  const check = assert.rejects(p, isBreakerOpenError);
  await clock.advanceAsync(500, 5);
  await check;
  assert.equal(signals.length, 2, 'two timed-out attempts opened the breaker; the third was refused');
  assert.ok(signals.every((s) => s.aborted && isTimeoutError(s.reason)));
  assert.equal(breaker.state, 'open');
});

test('the caller signal reaches the innermost call', async () => {
  const guarded = wrapPolicies(new RetryPolicy(), new CircuitBreaker(), new TimeoutPolicy({ timeoutMs: 1000, clock: new FakeClock() }));
  const ac = new AbortController();
  let inner: AbortSignal | undefined;
  const p = guarded.execute(({ signal }) => { inner = signal; return new Promise(() => {}); }, ac.signal);
  await new Promise((r) => setImmediate(r));
  ac.abort();
  await assert.rejects(p, { code: 'LOADLINE_ABORTED' });
  assert.equal(inner?.aborted, true);
  assert.equal(await wrapPolicies(new RetryPolicy()).execute(() => 3), 3);
  assert.throws(() => wrapPolicies(), /policies: got \[\], expected at least one policy/);
});
