import type { Redis } from 'ioredis';
import type { Clock, MetricsSink } from '../../core/index.js';
import type { Serializer } from './serializer.js';

/** Options of the memory tier of a `TieredCache`. */
export interface TieredL1Options {
  /** Most entries in memory; default 10000. Count. */
  maxEntries?: number;
  /** Most bytes in memory; default unbounded. Bytes. */
  maxBytes?: number;
  /** Memory TTL, at most the Redis TTL; default the Redis `ttlMs`. Milliseconds. */
  ttlMs?: number;
  /** After the memory TTL, `getOrSet` serves the memory copy stale while one refresh runs, for this long; default 0. Milliseconds. */
  graceMs?: number;
}

/** Options of `new TieredCache()`. */
export interface TieredCacheOptions<V> {
  /** ioredis client for commands (never closed by the cache), or a `redis://` / `rediss://` URL the cache connects to and `close()` closes. Required. */
  redis: Redis | string;
  /** Connection for pub/sub invalidation; default `redis.duplicate()` (closed by `close()`); `false` turns cross-instance invalidation off. */
  subscriber?: Redis | false;
  /** Namespace prepended to every Redis key and to the invalidation channel; default "loadline:cache:". */
  prefix?: string;
  /** Redis TTL of entries unless `set` says otherwise; default 0 (none). Milliseconds. */
  ttlMs?: number;
  /** Memory tier options, or `false` for Redis only; default `{ maxEntries: 10000 }`. */
  l1?: TieredL1Options | false;
  /** Encoding of values in Redis; default JSON. */
  serializer?: Serializer<V>;
  /** A Redis command not answered within this counts as an error and the call carries on without Redis; default 250. Milliseconds. */
  redisTimeoutMs?: number;
  /** How long `ready` waits for Redis (and the invalidation subscription) before it rejects; default 5000. Milliseconds. */
  readyTimeoutMs?: number;
  /** Time source for memory TTLs and timeouts; default `systemClock`. */
  clock?: Clock;
  /** Where to report `loadline_cache_*` metrics; default none. */
  metrics?: MetricsSink;
  /** Value of the `cache` label on metrics; default "tiered". */
  name?: string;
}

/** Per-entry options of `TieredCache.set`. */
export interface TieredSetOptions {
  /** Redis TTL of this entry; default the cache's `ttlMs`. Milliseconds. */
  ttlMs?: number;
  /** Tags `invalidateTags` drops this entry by, on every instance; default none. */
  tags?: readonly string[];
}

/** Options of `TieredCache.getOrSet`. */
export interface TieredGetOrSetOptions extends TieredSetOptions {
  /** With a stale memory copy in grace, wait this long for the refresh before answering stale; default 0. Milliseconds. */
  softTimeoutMs?: number;
  /** Fail the load with LOADLINE_TIMEOUT and abort the loader's signal after this long; default 0 (no limit). Milliseconds. */
  hardTimeoutMs?: number;
}

/** Counters of a `TieredCache`. */
export interface TieredCacheStats {
  hits: number;
  misses: number;
  l1Hits: number;
  l2Hits: number;
  /** Redis commands that failed, timed out or were skipped while Redis was down. */
  l2Errors: number;
  loads: number;
  loadErrors: number;
  /** Entries in the memory tier. */
  entries: number;
  bytes: number;
  hitRate: number;
}
