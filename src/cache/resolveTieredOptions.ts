import type { Redis } from 'ioredis';
import { checkKnownKeys, checkOptionalInteger, checkOptionalNumber, checkString, invalidInput, systemClock, type Clock, type MetricsSink } from '../core/index.js';
import { jsonSerializer, type Serializer } from './serializer.js';
import type { TieredCacheOptions } from './tieredTypes.js';
import type { LruCacheOptions } from './types.js';

const KNOWN = ['redis', 'subscriber', 'prefix', 'ttlMs', 'l1', 'serializer', 'redisTimeoutMs', 'clock', 'metrics', 'name'];
const KNOWN_L1 = ['maxEntries', 'maxBytes', 'ttlMs', 'graceMs'];

/** `TieredCacheOptions` checked and with defaults applied. */
export interface ResolvedTieredOptions<V> {
  redis: Redis;
  subscriber: Redis | false | undefined;
  prefix: string;
  ttlMs: number;
  clock: Clock;
  redisTimeoutMs: number;
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
  if (!options.redis || typeof (options.redis as Partial<Redis>).get !== 'function') throw invalidInput({ field: 'redis', value: typeof options.redis, expected: 'an ioredis client' });
  const prefix = options.prefix === undefined ? 'loadline:cache:' : checkString(options.prefix, 'prefix', { nonEmpty: false });
  const ttlMs = checkOptionalInteger(options.ttlMs, 'ttlMs', { min: 0 }) ?? 0;
  const clock = options.clock ?? systemClock;
  const redisTimeoutMs = checkOptionalNumber(options.redisTimeoutMs, 'redisTimeoutMs', { above: 0 }) ?? 250;
  const serializer = (options.serializer ?? jsonSerializer) as Serializer<V>;
  if (typeof serializer.serialize !== 'function' || typeof serializer.deserialize !== 'function') {
    throw invalidInput({ field: 'serializer', value: options.serializer, expected: 'an object with serialize(value) and deserialize(raw)' });
  }
  const resolved = { redis: options.redis, subscriber: options.subscriber, prefix, ttlMs, clock, redisTimeoutMs, serializer, metrics: options.metrics, name: options.name ?? 'tiered' };
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
