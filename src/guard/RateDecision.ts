import type { RateRule } from './RateRule.js';

/** The outcome of one rate-limit check. */
export interface RateDecision {
  /** Whether the request may proceed. */
  allowed: boolean;
  /** The limit in force (requests per window, or bucket capacity), for `RateLimit-Limit`. */
  limit: number;
  /** Requests still allowed right now after this one, for `RateLimit-Remaining`. */
  remaining: number;
  /** Milliseconds until one more unit of quota frees up (0 when some remains), for `RateLimit-Reset`. */
  resetMs: number;
  /** Milliseconds until a denied request of the same cost would pass; 0 when allowed. For `Retry-After`. */
  retryAfterMs: number;
  /** Where the decision came from: the primary store, or the outage policy (`insurance`, `fail-open`, `fail-closed`). */
  source: 'store' | 'insurance' | 'fail-open' | 'fail-closed';
}

/**
 * Where rate-limit state lives. One `consume` is one atomic decision.
 */
export interface RateLimitStore {
  /**
   * Takes `cost` units for `key` under `rule` within `namespace` (the limiter's name), or denies.
   * Never rejects for store trouble: that is the store's outage policy.
   */
  consume(namespace: string, key: string, rule: RateRule, cost: number): RateDecision | Promise<RateDecision>;
  /** Forgets `key` in `namespace` (tests, admin unblock). */
  reset(namespace: string, key: string, rule: RateRule): void | Promise<void>;
}
