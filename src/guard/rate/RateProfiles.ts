import { checkKnownKeys, invalidInput } from '../../core/index.js';
import { MemoryRateStore } from './MemoryRateStore.js';
import type { MetricsSink } from '../../core/index.js';
import type { RateLimitStore } from './RateDecision.js';
import { RateLimiter } from './RateLimiter.js';
import { parseRateRule, type RateRuleOptions } from './RateRule.js';

/** The seed's rate-limit profiles (seed 000): general 100/min, auth 10 per 5 min, bulk 5/min, search 200/min, reports 20/min. */
export const DEFAULT_RATE_PROFILES: Readonly<Record<string, Readonly<RateRuleOptions>>> = Object.freeze({
  general: Object.freeze({ limit: 100, window: '1m' }),
  auth: Object.freeze({ limit: 10, window: '5m' }),
  bulk: Object.freeze({ limit: 5, window: '1m' }),
  search: Object.freeze({ limit: 200, window: '1m' }),
  reports: Object.freeze({ limit: 20, window: '1m' }),
});

export interface RateProfilesOptions {
  /** Profiles to add or override by name (a partial override keeps the default's other fields); default none. */
  profiles?: Record<string, Partial<RateRuleOptions>>;
  /** Store shared by every profile's limiter; default one MemoryRateStore for all. */
  store?: RateLimitStore;
  /** Metrics sink handed to every limiter; default none. */
  metrics?: MetricsSink;
}

/**
 * Named rate limiters built from the seed defaults plus overrides, validated up front: a bad
 * override fails at startup naming `profiles.<name>.<field>`. All profiles share one store; keys
 * are prefixed with the profile name.
 *
 * @example
 * const limits = new RateProfiles({ profiles: { auth: { limit: 5 }, uploads: { limit: 2, window: '1m' } } });
 * limits.get('auth').rule; // 5 per 5 minutes
 */
export class RateProfiles {
  readonly store: RateLimitStore;
  readonly #limiters = new Map<string, RateLimiter>();

  constructor(options: RateProfilesOptions = {}) {
    if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an object' });
    checkKnownKeys(options, ['profiles', 'store', 'metrics']);
    const overrides = options.profiles ?? {};
    if (typeof overrides !== 'object' || overrides === null) throw invalidInput({ field: 'profiles', value: overrides, expected: 'an object of named profiles' });
    if (options.store !== undefined && typeof options.store?.consume !== 'function') throw invalidInput({ field: 'store', value: options.store, expected: 'a RateLimitStore' });
    this.store = options.store ?? new MemoryRateStore();
    for (const name of new Set([...Object.keys(DEFAULT_RATE_PROFILES), ...Object.keys(overrides)])) {
      const override = overrides[name];
      if (typeof override !== 'object' && override !== undefined) throw invalidInput({ field: `profiles.${name}`, value: override, expected: 'an object with limit and window' });
      const merged = { ...DEFAULT_RATE_PROFILES[name], ...override } as RateRuleOptions;
      // A duration overridden in the other spelling replaces the default's, rather than clashing with it.
      if (override?.windowMs !== undefined && override.window === undefined) delete merged.window;
      if (override?.blockDurationMs !== undefined && override.blockDuration === undefined) delete merged.blockDuration;
      parseRateRule(merged, `profiles.${name}`);
      this.#limiters.set(name, new RateLimiter({ ...merged, name, store: this.store, ...(options.metrics ? { metrics: options.metrics } : {}) }));
    }
  }

  /** Profile names, defaults first. */
  get names(): string[] {
    return [...this.#limiters.keys()];
  }

  /** The limiter for `name`; throws `LOADLINE_INVALID_OPTION` naming the known profiles for an unknown one. */
  get(name: string): RateLimiter {
    const limiter = this.#limiters.get(name);
    if (!limiter) throw invalidInput({ field: 'profile', value: name, expected: `one of ${this.names.join(', ')}` });
    return limiter;
  }
}
