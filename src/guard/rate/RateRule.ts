import { checkInteger, checkKnownKeys, checkOneOf, invalidInput, parseDuration } from '../../core/index.js';

export type RateAlgorithm = 'sliding-window' | 'token-bucket';

/**
 * What a user writes to describe one limit. Durations carry their unit: a string such as `'1m'`
 * (`window`, `blockDuration`) or a number in a field named `...Ms`; a bare number in `window` is
 * rejected, since `window: 60` reads as a minute and would mean 60 ms.
 */
export interface RateRuleOptions {
  /** Requests allowed per window (sliding window) or tokens refilled per window (token bucket); required, integer >= 1. */
  limit: number;
  /** Window length with its unit, such as `'1m'`, `'5m'`, `'500ms'`; this or `windowMs` is required. */
  window?: string;
  /** Window length in milliseconds, instead of `window`. */
  windowMs?: number;
  /** `sliding-window` (exact: at most `limit` in any window) or `token-bucket`; default `sliding-window`. */
  algorithm?: RateAlgorithm;
  /** Token bucket only: bucket capacity (largest burst); default `limit`. */
  burst?: number;
  /** Once a request is denied, the key stays denied this long (with its unit, `'15m'`), as rate-limiter-flexible's blockDuration; default none. */
  blockDuration?: string;
  /** `blockDuration` in milliseconds; default 0 (no block). */
  blockDurationMs?: number;
}

/** A validated, normalized limit. */
export interface RateRule {
  readonly algorithm: RateAlgorithm;
  readonly limit: number;
  readonly windowMs: number;
  /** Token bucket capacity; equals `limit` for the sliding window. */
  readonly burst: number;
  /** How long a denied key stays denied, ms; 0: no block beyond the limit itself. */
  readonly blockMs: number;
}

/** The rule fields of an options object (RateLimiter and profile overrides share them). */
export const RATE_RULE_KEYS: readonly string[] = ['limit', 'window', 'windowMs', 'algorithm', 'burst', 'blockDuration', 'blockDurationMs'];

/**
 * A duration given either with its unit (`field`, a string) or in milliseconds (`msField`, a
 * number), never both; a bare number under `field` names the expectation instead of guessing.
 */
function durationOf(options: object, field: string, msField: string, prefix: string, min: number): number | undefined {
  const text = (options as Record<string, unknown>)[field];
  const ms = (options as Record<string, unknown>)[msField];
  const example = field === 'window' ? '"1m" or "500ms"' : '"15m"';
  if (text !== undefined && ms !== undefined) throw invalidInput({ field: `${prefix}${msField}`, value: ms, expected: `either ${field} or ${msField}, not both` });
  if (ms !== undefined) {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < min) throw invalidInput({ field: `${prefix}${msField}`, value: ms, expected: `a number of milliseconds at least ${min}` });
    return ms;
  }
  if (text === undefined) return undefined;
  const expected = `a duration with its unit such as ${example} (or ${msField}: a number of milliseconds)`;
  if (typeof text !== 'string') throw invalidInput({ field: `${prefix}${field}`, value: text, expected });
  const parsed = parseDuration(text, `${prefix}${field}`);
  if (!(parsed >= min)) throw invalidInput({ field: `${prefix}${field}`, value: text, expected: `a duration of at least ${min}ms` });
  return parsed;
}

/**
 * Validates a rule, naming the field on error (`profiles.auth.window: got "1x", expected ...`).
 *
 * @example
 * parseRateRule({ limit: 10, window: '5m' }); // { algorithm: 'sliding-window', limit: 10, windowMs: 300000, burst: 10, blockMs: 0 }
 */
export function parseRateRule(options: RateRuleOptions, field = 'rule'): RateRule {
  if (typeof options !== 'object' || options === null) throw invalidInput({ field, value: options, expected: 'an object with limit and window' });
  checkKnownKeys(options, RATE_RULE_KEYS, `${field}.`);
  const limit = checkInteger(options.limit, `${field}.limit`, { min: 1 });
  const windowMs = durationOf(options, 'window', 'windowMs', `${field}.`, 1);
  if (windowMs === undefined) throw invalidInput({ field: `${field}.window`, value: undefined, expected: 'a duration with its unit such as "1m" (or windowMs: a number of milliseconds)' });
  const algorithm = options.algorithm === undefined ? 'sliding-window' : checkOneOf<RateAlgorithm>(options.algorithm, `${field}.algorithm`, ['sliding-window', 'token-bucket']);
  let burst = limit;
  if (options.burst !== undefined) {
    if (algorithm !== 'token-bucket') throw invalidInput({ field: `${field}.burst`, value: options.burst, expected: 'no burst: it applies to the token-bucket algorithm only' });
    burst = checkInteger(options.burst, `${field}.burst`, { min: 1 });
  }
  const blockMs = durationOf(options, 'blockDuration', 'blockDurationMs', `${field}.`, 0) ?? 0;
  return { algorithm, limit, windowMs, burst, blockMs };
}
