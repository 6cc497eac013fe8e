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
  /**
   * Where the decision came from: the primary store; `timeout` (Redis answers, but not within
   * `timeoutMs`: denied, so that no grant lands outside its count); or the outage policy
   * (`insurance`, `fail-open`, `fail-closed`).
   */
  source: 'store' | 'timeout' | 'insurance' | 'fail-open' | 'fail-closed';
  /** The store's time of the grant (ms, the store's clock), by which `refund` finds it in a sliding log; 0 when denied. */
  grantedAt: number;
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
  /**
   * Gives back the `cost` units an allowed `decision` took for `key`, so they no longer count
   * (skipSuccessfulRequests). Optional: a store without it cannot serve that option.
   */
  refund?(namespace: string, key: string, rule: RateRule, decision: RateDecision, cost: number): void | Promise<void>;
  /** Forgets `key` in `namespace` (tests, admin unblock). */
  reset(namespace: string, key: string, rule: RateRule): void | Promise<void>;
}
