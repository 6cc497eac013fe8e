import type { Redis } from 'ioredis';
import { checkKnownKeys, checkOptionalInteger, checkOptionalNumber, checkString, invalidInput, systemClock, type Clock, type MetricsSink } from '../../core/index.js';
import { jsonSerializer, type Serializer } from './serializer.js';
import type { TieredCacheOptions } from './tieredTypes.js';
import type { LruCacheOptions } from '../lru/lruTypes.js';

const KNOWN = ['redis', 'subscriber', 'prefix', 'ttlMs', 'l1', 'serializer', 'redisTimeoutMs', 'readyTimeoutMs', 'clock', 'metrics', 'name'];
const KNOWN_L1 = ['maxEntries', 'maxBytes', 'ttlMs', 'graceMs'];

/** `TieredCacheOptions` checked and with defaults applied. */
export interface ResolvedTieredOptions<V> {
  /** The client passed in; `undefined` when `redis` was a URL (then `redisUrl` is set). */
  redis: Redis | undefined;
  /** The checked URL to connect to, when `redis` was one. */
  redisUrl: string | undefined;
  subscriber: Redis | false | undefined;
  prefix: string;
  ttlMs: number;
  clock: Clock;
  redisTimeoutMs: number;
  readyTimeoutMs: number;
  serializer: Serializer<V>;
  /** Options of the memory tier's `LruCache`; `false` without one. */
  l1: LruCacheOptions<V> | false;
  /** Memory TTL; 0 without a memory tier or without a TTL. Milliseconds. */
  l1TtlMs: number;
  metrics: MetricsSink | undefined;
  name: string;
}

/**
 * Validates `new TieredCache()` options at the boundary, naming the field, the value and what was
 * expected, and fills in the defaults. The memory TTL may not outlive the Redis TTL.
 *
 * @example
 * resolveTieredOptions({ redis, ttlMs: 1000, l1: { ttlMs: 5000 } }); // throws "l1.ttlMs: got 5000, expected a TTL no longer than the Redis ttlMs (1000), ..."
 */
export function resolveTieredOptions<V>(options: TieredCacheOptions<V>): ResolvedTieredOptions<V> {
  if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object' });
  checkKnownKeys(options, KNOWN);
  const redisUrl = typeof options.redis === 'string' ? checkRedisUrl(options.redis) : undefined;
  if (redisUrl === undefined && (!options.redis || typeof (options.redis as Partial<Redis>).get !== 'function')) {
    throw invalidInput({ field: 'redis', value: typeof options.redis, expected: 'an ioredis client or a redis:// URL' });
  }
  const prefix = options.prefix === undefined ? 'loadline:cache:' : checkString(options.prefix, 'prefix', { nonEmpty: false });
  const ttlMs = checkOptionalInteger(options.ttlMs, 'ttlMs', { min: 0 }) ?? 0;
  const clock = options.clock ?? systemClock;
  const redisTimeoutMs = checkOptionalNumber(options.redisTimeoutMs, 'redisTimeoutMs', { above: 0 }) ?? 250;
  const readyTimeoutMs = checkOptionalNumber(options.readyTimeoutMs, 'readyTimeoutMs', { above: 0 }) ?? 5000;
  const serializer = (options.serializer ?? jsonSerializer) as Serializer<V>;
  if (typeof serializer.serialize !== 'function' || typeof serializer.deserialize !== 'function') {
    throw invalidInput({ field: 'serializer', value: options.serializer, expected: 'an object with serialize(value) and deserialize(raw)' });
  }
  const redis = redisUrl === undefined ? (options.redis as Redis) : undefined;
  const resolved = { redis, redisUrl, subscriber: options.subscriber, prefix, ttlMs, clock, redisTimeoutMs, readyTimeoutMs, serializer, metrics: options.metrics, name: options.name ?? 'tiered' };
  const l1 = options.l1 ?? {};
  if (l1 === false) return { ...resolved, l1: false, l1TtlMs: 0 };
  if (typeof l1 !== 'object') throw invalidInput({ field: 'l1', value: l1, expected: 'false or an object' });
  checkKnownKeys(l1, KNOWN_L1, 'l1.');
  const l1TtlMs = checkOptionalNumber(l1.ttlMs, 'l1.ttlMs', { min: 0 }) ?? ttlMs;
  if (ttlMs > 0 && (l1TtlMs === 0 || l1TtlMs > ttlMs)) {
    throw invalidInput({ field: 'l1.ttlMs', value: l1TtlMs, expected: `a TTL no longer than the Redis ttlMs (${ttlMs}), so memory never outlives Redis` });
  }
  return {
    ...resolved,
    l1: {
      maxEntries: checkOptionalInteger(l1.maxEntries, 'l1.maxEntries', { min: 1 }) ?? (l1.maxBytes === undefined ? 10_000 : undefined),
      maxBytes: checkOptionalNumber(l1.maxBytes, 'l1.maxBytes', { above: 0 }),
      ttlMs: l1TtlMs,
      graceMs: checkOptionalNumber(l1.graceMs, 'l1.graceMs', { min: 0 }),
      clock,
    },
    l1TtlMs,
  };
}

const URL_EXPECTED = 'a redis:// or rediss:// URL with a host, such as redis://127.0.0.1:6379/0';

/** Checks a Redis URL the way ioredis will read it, so a typo fails here and not as endless reconnects. */
function checkRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidInput({ field: 'redis', value: url, expected: URL_EXPECTED });
  }
  if ((parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '' || !/^(?:\/\d*)?$/.test(parsed.pathname)) {
    throw invalidInput({ field: 'redis', value: url, expected: URL_EXPECTED });
  }
  return url;
}
