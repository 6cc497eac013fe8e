import { checkInteger, checkKnownKeys, checkString, invalidInput, type CounterMetric, type Labels, type MetricsSink } from '../../core/index.js';
import { MemoryRateStore } from './MemoryRateStore.js';
import type { RateDecision, RateLimitStore } from './RateDecision.js';
import { parseRateRule, RATE_RULE_KEYS, type RateRule, type RateRuleOptions } from './RateRule.js';

export interface RateLimiterOptions extends RateRuleOptions {
  /** Name in keys and metric labels, so limiters can share a store; default "default". */
  name?: string;
  /** Where state lives; default a new MemoryRateStore (this process only). */
  store?: RateLimitStore;
  /** Metrics: `loadline_guard_ratelimit_decisions_total{limiter, outcome="allowed"|"limited"}`; default none. */
  metrics?: MetricsSink;
}

/**
 * One limit (a rule) applied per key over a store.
 *
 * @example
 * const limiter = new RateLimiter({ limit: 100, window: '1m' });
 * const d = await limiter.consume(`ip:${ip}`);
 * if (!d.allowed) reply429(d.retryAfterMs);
 */
export class RateLimiter {
  readonly name: string;
  readonly rule: RateRule;
  readonly store: RateLimitStore;
  readonly #decisions: CounterMetric | undefined;
  readonly #allowed: Labels;
  readonly #limited: Labels;

  constructor(options: RateLimiterOptions) {
    if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an object with limit and window' });
    checkKnownKeys(options, [...RATE_RULE_KEYS, 'name', 'store', 'metrics']);
    this.name = options.name === undefined ? 'default' : checkString(options.name, 'name');
    const ruleOptions: Record<string, unknown> = {};
    for (const k of RATE_RULE_KEYS) if ((options as unknown as Record<string, unknown>)[k] !== undefined) ruleOptions[k] = (options as unknown as Record<string, unknown>)[k];
    this.rule = parseRateRule(ruleOptions as unknown as RateRuleOptions, options.name ?? 'rateLimit');
    if (options.store !== undefined && typeof options.store?.consume !== 'function') throw invalidInput({ field: 'store', value: options.store, expected: 'a RateLimitStore' });
    this.store = options.store ?? new MemoryRateStore();
    this.#decisions = options.metrics?.counter({ name: 'loadline_guard_ratelimit_decisions_total', help: 'Rate-limit decisions, by limiter and outcome', labelNames: ['limiter', 'outcome'] });
    this.#allowed = { limiter: this.name, outcome: 'allowed' };
    this.#limited = { limiter: this.name, outcome: 'limited' };
  }

  /** Takes `cost` (default 1) units for `key`; resolves with the decision, never rejects for store trouble. */
  consume(key: string, cost = 1): Promise<RateDecision> {
    if (cost !== 1) checkInteger(cost, 'cost', { min: 1 });
    const d = this.store.consume(this.name, key, this.rule, cost);
    if (d instanceof Promise) return this.#decisions ? d.then((x) => this.#count(x)) : d;
    return Promise.resolve(this.#decisions ? this.#count(d) : d);
  }

  /**
   * Gives back what an allowed decision took (express-rate-limit's `decrement`, rate-limiter-flexible's
   * `reward`): `skipSuccessfulRequests` uses it so that only failed requests count. A denied
   * decision took nothing; a store without `refund` rejects with LOADLINE_INVALID_OPTION.
   */
  refund(key: string, decision: RateDecision, cost = 1): Promise<void> {
    if (!decision.allowed) return Promise.resolve();
    if (typeof this.store.refund !== 'function') return Promise.reject(invalidInput({ field: 'store', value: this.store.constructor?.name, expected: 'a RateLimitStore with refund()' }));
    return Promise.resolve(this.store.refund(this.name, key, this.rule, decision, cost));
  }

  /** Forgets `key`'s usage. */
  reset(key: string): Promise<void> {
    return Promise.resolve(this.store.reset(this.name, key, this.rule));
  }

  #count(d: RateDecision): RateDecision {
    this.#decisions!.inc(1, d.allowed ? this.#allowed : this.#limited);
    return d;
  }
}
