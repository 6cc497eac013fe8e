import { checkInteger, checkKnownKeys, checkOneOf, invalidInput, parseDuration } from '../core/index.js';

export type RateAlgorithm = 'sliding-window' | 'token-bucket';

/** What a user writes to describe one limit. */
export interface RateRuleOptions {
  /** Requests allowed per window (sliding window) or tokens refilled per window (token bucket); required, integer >= 1. */
  limit: number;
  /** Window length: milliseconds as a number, or a duration such as `1m`, `5m`, `500ms`; required. */
  window: number | string;
  /** `sliding-window` (exact: at most `limit` in any window) or `token-bucket`; default `sliding-window`. */
  algorithm?: RateAlgorithm;
  /** Token bucket only: bucket capacity (largest burst); default `limit`. */
  burst?: number;
}

/** A validated, normalized limit. */
export interface RateRule {
  readonly algorithm: RateAlgorithm;
  readonly limit: number;
  readonly windowMs: number;
  /** Token bucket capacity; equals `limit` for the sliding window. */
  readonly burst: number;
}

const KNOWN = ['limit', 'window', 'algorithm', 'burst'];

/**
 * Validates a rule, naming the field on error (`profiles.auth.window: got "1x", expected ...`).
 *
 * @example
 * parseRateRule({ limit: 10, window: '5m' }); // { algorithm: 'sliding-window', limit: 10, windowMs: 300000, burst: 10 }
 */
export function parseRateRule(options: RateRuleOptions, field = 'rule'): RateRule {
  if (typeof options !== 'object' || options === null) throw invalidInput({ field, value: options, expected: 'an object with limit and window' });
  checkKnownKeys(options, KNOWN, `${field}.`);
  const limit = checkInteger(options.limit, `${field}.limit`, { min: 1 });
  const windowMs = parseDuration(options.window, `${field}.window`);
  if (!(windowMs >= 1)) throw invalidInput({ field: `${field}.window`, value: options.window, expected: 'a duration of at least 1ms' });
  const algorithm = options.algorithm === undefined ? 'sliding-window' : checkOneOf<RateAlgorithm>(options.algorithm, `${field}.algorithm`, ['sliding-window', 'token-bucket']);
  let burst = limit;
  if (options.burst !== undefined) {
    if (algorithm !== 'token-bucket') throw invalidInput({ field: `${field}.burst`, value: options.burst, expected: 'no burst: it applies to the token-bucket algorithm only' });
    burst = checkInteger(options.burst, `${field}.burst`, { min: 1 });
  }
  return { algorithm, limit, windowMs, burst };
}
