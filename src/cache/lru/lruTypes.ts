import type { Clock, MetricsSink } from '../../core/index.js';

/** Why an entry left the cache, as passed to `dispose`. */
export type DisposeReason = 'evicted' | 'expired' | 'deleted' | 'replaced';

/** Options of `new LruCache()`. At least one of `maxEntries` and `maxBytes` is required. */
export interface LruCacheOptions<V> {
  /** Most entries held at once; default unbounded (then `maxBytes` is required). Count. */
  maxEntries?: number;
  /** Most total size held, as measured by `sizeOf`; default unbounded. Bytes. */
  maxBytes?: number;
  /** Size of one entry; default `estimateSize` (strings 2 bytes per char, buffers their length, JSON length x 2 otherwise). Bytes. Used only with `maxBytes`. */
  sizeOf?: (value: V, key: string) => number;
  /** Time to live of each entry unless `set` says otherwise; default 0 (never expires). Milliseconds. */
  ttlMs?: number;
  /** How long after expiry `getOrSet` may still serve an entry stale while it refreshes; default 0. Milliseconds. */
  graceMs?: number;
  /** `get` returns an expired entry still held instead of `undefined`; default false. */
  allowStale?: boolean;
  /** Called after an entry leaves the cache, with why; default none. */
  dispose?: (value: V, key: string, reason: DisposeReason) => void;
  /** Time source for TTLs and loader timeouts; default `systemClock`. */
  clock?: Clock;
  /** Where to report `loadline_cache_*` metrics; default none. */
  metrics?: MetricsSink;
  /** Value of the `cache` label on metrics; default "lru". */
  name?: string;
}

/** Per-entry options of `set`. */
export interface SetOptions {
  /** Time to live of this entry; default the cache's `ttlMs`. 0 = never expires. Milliseconds. */
  ttlMs?: number;
  /** Stale-serving grace after expiry for this entry; default the cache's `graceMs`. Milliseconds. */
  graceMs?: number;
  /** Tags that `invalidateTags` drops this entry by; default none. */
  tags?: readonly string[];
  /** Keys this entry is derived from: deleting, invalidating or replacing one of them drops this entry too; default none. */
  dependsOn?: readonly string[];
  /** Size of this entry, instead of calling `sizeOf`; default computed. Bytes. */
  size?: number;
}

/** Per-call options of `get`. */
export interface GetOptions {
  /** Return the entry even when expired (if still held); default the cache's `allowStale`. */
  allowStale?: boolean;
}

/** What a loader receives. */
export interface LoaderContext<V> {
  /** The key being loaded. */
  key: string;
  /** Fires when the result is no longer wanted (hard timeout, key deleted or invalidated during a background refresh, cache cleared). */
  signal: AbortSignal;
  /** The expired value still held in grace, if any. */
  stale: V | undefined;
  /**
   * Stores this load's result with its own time to live instead of the `ttlMs` option (adaptive
   * caching: a token that expires in 90 s, a hot record cached longer); 0 = never expires.
   * Milliseconds. Throws LOADLINE_INVALID_OPTION for a negative or non-number value.
   */
  setTtl(ttlMs: number): void;
  /**
   * Does not store this load's result: the callers waiting for it still get it, and the next call
   * loads again (a record not found yet, a degraded answer). A skipped background refresh leaves
   * the stale value served until its grace ends.
   */
  skip(): void;
}

/**
 * Produces the value of a missing key for `getOrSet`.
 *
 * @example
 * const loader: Loader<Token> = async (ctx) => {
 *   const token = await fetchToken(ctx.signal);
 *   ctx.setTtl(token.expiresInMs - 5000);
 *   return token;
 * };
 */
export type Loader<V> = (context: LoaderContext<V>) => V | PromiseLike<V>;

/** Options of `getOrSet`. */
export interface GetOrSetOptions extends SetOptions {
  /** With a stale value in grace, wait this long for the refresh before answering with the stale value; default 0 (answer at once). Milliseconds. */
  softTimeoutMs?: number;
  /** Fail the load with LOADLINE_TIMEOUT and abort its signal after this long; default 0 (no limit). Milliseconds. */
  hardTimeoutMs?: number;
}

/** A snapshot of a cache's counters. */
export interface CacheStats {
  /** Reads that found a fresh entry. */
  hits: number;
  /** Reads that found nothing usable. */
  misses: number;
  /** `getOrSet` calls answered with a stale value in grace. */
  staleHits: number;
  /** Entries dropped to make room. */
  evictions: number;
  /** Entries dropped because their TTL (and grace) ran out. */
  expirations: number;
  /** Loader runs started by `getOrSet`. */
  loads: number;
  /** Loader runs that failed or timed out. */
  loadErrors: number;
  /** Entries held now (expired ones not yet dropped included). */
  entries: number;
  /** Total size held now, in bytes (0 unless `maxBytes` is set). */
  bytes: number;
  /** hits / (hits + misses), 0 when there were no reads. */
  hitRate: number;
}
