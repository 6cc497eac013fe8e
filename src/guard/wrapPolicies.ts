import { invalidInput } from '../core/index.js';
import { NEVER_ABORTED, type Policy, type PolicyContext } from './Policy.js';

/**
 * Composes policies, outermost first. The recommended order is
 * `wrapPolicies(retry, breaker, bulkhead, timeout)`: each attempt is timed out on its own, a
 * timeout counts as a breaker failure, a bulkhead slot is held only while the call runs, and retry
 * backs off around all of it (an open breaker's fast rejection is retried only if the retry filter
 * allows it). Each policy passes its signal down, so the innermost call sees every cancellation.
 *
 * @example
 * const guarded = wrapPolicies(new RetryPolicy(), new CircuitBreaker(), new TimeoutPolicy({ timeoutMs: 2000 }));
 * await guarded.execute(({ signal }) => fetch(url, { signal }));
 */
export function wrapPolicies(...policies: Policy[]): Policy {
  if (policies.length === 0) throw invalidInput({ field: 'policies', value: [], expected: 'at least one policy' });
  policies.forEach((p, i) => {
    if (typeof p?.execute !== 'function') throw invalidInput({ field: `policies[${i}]`, value: p, expected: 'a policy with an execute method' });
  });
  const run = <T>(i: number, fn: (ctx: PolicyContext) => T | PromiseLike<T>, signal: AbortSignal | undefined): Promise<T> =>
    i === policies.length - 1 ? policies[i]!.execute(fn, signal) : policies[i]!.execute((ctx) => run(i + 1, fn, ctx.signal === NEVER_ABORTED ? undefined : ctx.signal), signal);
  return { execute: (fn, signal) => run(0, fn, signal) };
}
