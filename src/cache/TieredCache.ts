import type { Redis } from 'ioredis';
import { checkKnownKeys, checkOptionalInteger, checkOptionalNumber, checkString, invalidInput, systemClock, type Clock, type MetricsSink } from '../core/index.js';
import { registerCacheMetrics } from './cacheMetrics.js';
import { checkTags } from './TagIndex.js';
import { redisPatternToRegExp } from './redisPatternToRegExp.js';
import { InvalidationBus, type InvalidationMessage } from './InvalidationBus.js';
import { LruCache } from './LruCache.js';
import { OutageLedger } from './OutageLedger.js';
import { REDIS_FAILED, RedisGuard } from './RedisGuard.js';
import { encodeValue, jsonSerializer, type Serializer } from './serializer.js';
import type { Loader, LoaderContext } from './types.js';

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
  /** ioredis client for commands. Required. */
  redis: Redis;
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

const KNOWN = ['redis', 'subscriber', 'prefix', 'ttlMs', 'l1', 'serializer', 'redisTimeoutMs', 'clock', 'metrics', 'name'];
const TAG = '__tag:';

/**
 * Memory (L1, an `LruCache`) in front of Redis (L2, ioredis). Writes go to both; reads try memory,
 * then Redis, then the loader. Every write and invalidation is published so other instances drop
 * their memory copy. While Redis is down every call keeps working from memory and the loader,
 * never throws because of Redis, and counts the failures; Redis is used again once it is back.
 *
 * @example
 * const cache = new TieredCache<User>({ redis: new Redis(), prefix: 'app:users:', ttlMs: 300_000, l1: { maxEntries: 5000, ttlMs: 30_000 } });
 * await cache.ready;
 * const user = await cache.getOrSet(`user:${id}`, () => db.findUser(id), { tags: [`team:${teamId}`] });
 * await cache.invalidateTags([`team:${teamId}`]); // on every instance
 */
export class TieredCache<V = unknown> {
  readonly prefix: string;
  readonly ttlMs: number;
  /** Resolves once cross-instance invalidation is subscribed. */
  readonly ready: Promise<void>;
  readonly #redis: Redis;
  readonly #guard: RedisGuard;
  readonly #l1: LruCache<V> | undefined;
  readonly #l1TtlMs: number;
  readonly #serializer: Serializer<V>;
  readonly #bus: InvalidationBus | undefined;
  readonly #ownSubscriber: Redis | undefined;
  readonly #flights = new Map<string, Promise<V>>();
  readonly #ledger = new OutageLedger();
  readonly #onReady = () => void this.flushPending();
  #replaying: Promise<void> | null = null;
  #misses = 0;
  #l2Hits = 0;
  #loads = 0;
  #loadErrors = 0;

  constructor(options: TieredCacheOptions<V>) {
    if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object' });
    checkKnownKeys(options, KNOWN);
    if (!options.redis || typeof (options.redis as Partial<Redis>).get !== 'function') throw invalidInput({ field: 'redis', value: typeof options.redis, expected: 'an ioredis client' });
    this.#redis = options.redis;
    this.prefix = options.prefix === undefined ? 'loadline:cache:' : checkString(options.prefix, 'prefix', { nonEmpty: false });
    this.ttlMs = checkOptionalInteger(options.ttlMs, 'ttlMs', { min: 0 }) ?? 0;
    const clock = options.clock ?? systemClock;
    const timeoutMs = checkOptionalNumber(options.redisTimeoutMs, 'redisTimeoutMs', { above: 0 }) ?? 250;
    this.#guard = new RedisGuard(this.#redis, clock, timeoutMs);
    this.#serializer = (options.serializer ?? jsonSerializer) as Serializer<V>;
    if (typeof this.#serializer.serialize !== 'function' || typeof this.#serializer.deserialize !== 'function') {
      throw invalidInput({ field: 'serializer', value: options.serializer, expected: 'an object with serialize(value) and deserialize(raw)' });
    }
    const l1 = options.l1 ?? {};
    if (l1 === false) {
      this.#l1TtlMs = 0;
    } else {
      if (typeof l1 !== 'object') throw invalidInput({ field: 'l1', value: l1, expected: 'false or an object' });
      checkKnownKeys(l1, ['maxEntries', 'maxBytes', 'ttlMs', 'graceMs'], 'l1.');
      const ttl = checkOptionalNumber(l1.ttlMs, 'l1.ttlMs', { min: 0 }) ?? this.ttlMs;
      if (this.ttlMs > 0 && (ttl === 0 || ttl > this.ttlMs)) {
        throw invalidInput({ field: 'l1.ttlMs', value: ttl, expected: `a TTL no longer than the Redis ttlMs (${this.ttlMs}), so memory never outlives Redis` });
      }
      this.#l1TtlMs = ttl;
      this.#l1 = new LruCache<V>({
        maxEntries: checkOptionalInteger(l1.maxEntries, 'l1.maxEntries', { min: 1 }) ?? (l1.maxBytes === undefined ? 10_000 : undefined),
        maxBytes: checkOptionalNumber(l1.maxBytes, 'l1.maxBytes', { above: 0 }),
        ttlMs: ttl,
        graceMs: checkOptionalNumber(l1.graceMs, 'l1.graceMs', { min: 0 }),
        clock,
      });
    }
    if (options.subscriber !== false && this.#l1 !== undefined) {
      const subscriber = options.subscriber ?? (this.#ownSubscriber = this.#redis.duplicate());
      subscriber.on('error', () => {}); // reconnects on its own; outages are counted on commands
      this.#bus = new InvalidationBus(this.#redis, subscriber, `${this.prefix}__invalidate`, (m) => this.#applyRemote(m), (e) => {
        this.#guard.errors++;
        this.#guard.lastError = e;
      });
      this.ready = this.#bus.ready;
    } else {
      this.ready = Promise.resolve();
    }
    this.#redis.on('ready', this.#onReady);
    if (options.metrics) registerCacheMetrics(options.metrics, options.name ?? 'tiered', () => this.stats());
  }

  /**
   * Applies to Redis what could not be applied while it was down (keys written or deleted, tags
   * and patterns invalidated), as deletions, and tells other instances. Runs by itself when the
   * client reconnects; returns the replay in progress, if any.
   */
  flushPending(): Promise<void> {
    if (this.#replaying !== null) return this.#replaying;
    if (this.#ledger.empty || !this.#guard.available) return Promise.resolve();
    this.#replaying = this.#replay().finally(() => (this.#replaying = null));
    return this.#replaying;
  }

  async #replay(): Promise<void> {
    const { keys, tags, patterns, overflow } = this.#ledger.take();
    if (overflow) {
      await this.invalidatePattern('*');
      return;
    }
    if (keys.length) {
      const done = await this.#guard.run((r) => r.unlink(...keys.map((k) => this.prefix + k)));
      if (done === REDIS_FAILED) this.#ledger.addKeys(keys);
      else await this.#publish({ keys });
    }
    if (tags.length) await this.invalidateTags(tags);
    for (const pattern of patterns) await this.invalidatePattern(pattern);
  }

  /** The value from memory or Redis; `undefined` when neither has it (or Redis is down and memory misses). */
  get(key: string): Promise<V | undefined> {
    if (typeof key !== 'string') return Promise.reject(invalidInput({ field: 'key', value: key, expected: 'a string' }));
    if (this.#l1 !== undefined) {
      const l1 = this.#l1.get(key);
      if (l1 !== undefined) return Promise.resolve(l1);
    }
    return this.#readL2(key, true);
  }

  /** Writes memory and Redis and tells other instances to drop their copy. Throws only when the value cannot be serialized (nothing changes then). */
  async set(key: string, value: V, options?: TieredSetOptions): Promise<void> {
    checkString(key, 'key', { nonEmpty: false });
    const raw = encodeValue(this.#serializer, key, value);
    const ttl = checkOptionalInteger(options?.ttlMs, 'ttlMs', { min: 0 }) ?? this.ttlMs;
    this.#setL1(key, value, ttl, options?.tags);
    await this.#writeL2([[key, raw, ttl, options?.tags]]);
  }

  /** Values for `keys` in order, from memory then one Redis pipeline for the rest. */
  async mget(keys: readonly string[]): Promise<Array<V | undefined>> {
    const out = new Array<V | undefined>(keys.length);
    const missing: number[] = [];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (typeof key !== 'string') throw invalidInput({ field: `keys[${i}]`, value: key, expected: 'a string' });
      out[i] = this.#l1?.get(key);
      if (out[i] === undefined) missing.push(i);
    }
    if (missing.length === 0) return out;
    const replies = await this.#guard.run((r) => {
      const p = r.pipeline();
      for (const i of missing) p.get(this.prefix + keys[i]);
      return p.exec();
    });
    for (let j = 0; j < missing.length; j++) {
      const i = missing[j]!;
      const reply = replies === REDIS_FAILED ? undefined : replies?.[j];
      const raw = reply && !reply[0] ? (reply[1] as string | null) : null;
      const value = raw === null ? undefined : this.#decode(keys[i]!, raw);
      if (value === undefined) this.#misses++;
      else {
        this.#l2Hits++;
        this.#setL1(keys[i]!, value, this.ttlMs, undefined);
      }
      out[i] = value;
    }
    return out;
  }

  /** Writes many entries through one Redis pipeline. Every value is serialized first: one that cannot be fails the call and nothing is written. */
  async mset(entries: ReadonlyArray<readonly [string, V] | readonly [string, V, TieredSetOptions]>): Promise<void> {
    const rows = entries.map(([key, value, options], i) => {
      checkString(key, `entries[${i}][0]`, { nonEmpty: false });
      const ttl = checkOptionalInteger(options?.ttlMs, `entries[${i}][2].ttlMs`, { min: 0 }) ?? this.ttlMs;
      return [key, encodeValue(this.#serializer, key, value), ttl, options?.tags] as const;
    });
    entries.forEach(([key, value], i) => this.#setL1(key, value, rows[i]![2], rows[i]![3]));
    await this.#writeL2(rows);
  }

  /** Memory, then Redis, then `loader` once for all concurrent callers on this instance; the result is written to both tiers. */
  getOrSet(key: string, loader: Loader<V>, options?: TieredGetOrSetOptions): Promise<V> {
    if (typeof key !== 'string') throw invalidInput({ field: 'key', value: key, expected: 'a string' });
    const through = async (ctx: LoaderContext<V>): Promise<V> => {
      const cached = await this.#readL2(key, false);
      if (cached !== undefined) return cached;
      this.#misses++;
      this.#loads++;
      let value: V;
      try {
        value = await loader(ctx);
      } catch (error) {
        this.#loadErrors++;
        throw error;
      }
      const ttl = options?.ttlMs ?? this.ttlMs;
      await this.#writeL2([[key, encodeValue(this.#serializer, key, value), ttl, options?.tags]], false);
      return value;
    };
    if (this.#l1 !== undefined) {
      return this.#l1.getOrSet(key, through, { ttlMs: this.#l1Ttl(options?.ttlMs ?? this.ttlMs), tags: options?.tags, softTimeoutMs: options?.softTimeoutMs, hardTimeoutMs: options?.hardTimeoutMs });
    }
    let flight = this.#flights.get(key);
    if (flight === undefined) {
      const controller = new AbortController();
      flight = through({ key, signal: controller.signal, stale: undefined }).finally(() => this.#flights.delete(key));
      this.#flights.set(key, flight);
    }
    return flight;
  }

  /** Removes `key` from both tiers on every instance. */
  async delete(key: string): Promise<void> {
    checkString(key, 'key', { nonEmpty: false });
    this.#l1?.delete(key);
    if ((await this.#guard.run((r) => r.del(this.prefix + key))) === REDIS_FAILED) this.#ledger.addKeys([key]);
    await this.#publish({ keys: [key] });
  }

  /** Drops entries tagged with any of `tags` from Redis and from memory on every instance; returns how many Redis keys were deleted. */
  async invalidateTags(tags: readonly string[]): Promise<number> {
    if (checkTags(tags, 'tags') === undefined) return 0;
    this.#l1?.invalidateTags(tags);
    const tagKeys = tags.map((t) => `${this.prefix}${TAG}${t}`);
    const members = await this.#guard.run((r) => {
      const p = r.pipeline();
      for (const k of tagKeys) p.smembers(k);
      return p.exec();
    });
    const keys = members === REDIS_FAILED ? [] : [...new Set((members ?? []).flatMap((m) => (m[0] ? [] : (m[1] as string[]))))];
    let deleted = 0;
    if (members !== REDIS_FAILED) {
      const replies = await this.#guard.run((r) => {
        const p = r.pipeline();
        if (keys.length) p.unlink(...keys);
        p.unlink(...tagKeys);
        return p.exec();
      });
      if (replies === REDIS_FAILED) this.#ledger.addTags(tags);
      else if (keys.length) deleted = Number(replies?.[0]?.[1] ?? 0);
    } else {
      this.#ledger.addTags(tags);
    }
    await this.#publish({ tags: [...tags], keys: keys.map((k) => k.slice(this.prefix.length)) });
    return deleted;
  }

  /** Deletes every key matching the Redis glob `pattern` (within the prefix) using SCAN, never KEYS; returns how many Redis keys were deleted. */
  async invalidatePattern(pattern: string): Promise<number> {
    checkString(pattern, 'pattern');
    this.#dropL1Pattern(pattern);
    let deleted = 0;
    let cursor = '0';
    do {
      const page = await this.#guard.run((r) => r.scan(cursor, 'MATCH', this.prefix + pattern, 'COUNT', 500));
      if (page === REDIS_FAILED) {
        this.#ledger.addPattern(pattern);
        break;
      }
      cursor = page[0];
      if (page[1].length) {
        const n = await this.#guard.run((r) => r.unlink(...page[1]));
        if (n !== REDIS_FAILED) deleted += n;
        else {
          this.#ledger.addPattern(pattern);
          break;
        }
      }
    } while (cursor !== '0');
    await this.#publish({ pattern });
    return deleted;
  }

  stats(): TieredCacheStats {
    const l1 = this.#l1?.stats();
    const l1Hits = (l1?.hits ?? 0) + (l1?.staleHits ?? 0);
    const hits = l1Hits + this.#l2Hits;
    const reads = hits + this.#misses;
    return {
      hits,
      misses: this.#misses,
      l1Hits,
      l2Hits: this.#l2Hits,
      l2Errors: this.#guard.errors,
      loads: this.#loads,
      loadErrors: this.#loadErrors,
      entries: l1?.entries ?? 0,
      bytes: l1?.bytes ?? 0,
      hitRate: reads === 0 ? 0 : hits / reads,
    };
  }

  /** Stops listening for invalidations and closes the subscriber connection it opened (never the `redis` client passed in). */
  async close(): Promise<void> {
    this.#redis.off('ready', this.#onReady);
    await this.#bus?.close();
    if (this.#ownSubscriber) this.#ownSubscriber.disconnect();
  }

  #readL2(key: string, fillL1: boolean): Promise<V | undefined> {
    return this.#guard.run((r) => r.get(this.prefix + key), (raw) => {
      const value = raw === REDIS_FAILED || raw === null ? undefined : this.#decode(key, raw);
      if (value === undefined) {
        if (fillL1) this.#misses++;
        return undefined;
      }
      this.#l2Hits++;
      if (fillL1) this.#setL1(key, value, this.ttlMs, undefined);
      return value;
    });
  }

  #decode(key: string, raw: string): V | undefined {
    try {
      return this.#serializer.deserialize(raw);
    } catch (error) {
      this.#guard.errors++;
      this.#guard.lastError = new Error(`key ${JSON.stringify(key)}: stored value cannot be deserialized: ${(error as Error).message}`);
      return undefined;
    }
  }

  #setL1(key: string, value: V, ttl: number, tags: readonly string[] | undefined): void {
    if (this.#l1 === undefined) return;
    this.#l1.set(key, value, { ttlMs: this.#l1Ttl(ttl), tags });
  }

  /** Memory TTL for an entry with Redis TTL `ttl`: never longer. */
  #l1Ttl(ttl: number): number {
    return ttl > 0 && (this.#l1TtlMs === 0 || ttl < this.#l1TtlMs) ? ttl : this.#l1TtlMs;
  }

  async #writeL2(rows: ReadonlyArray<readonly [string, string, number, readonly string[] | undefined]>, announce = true): Promise<void> {
    const written = await this.#guard.run((r) => {
      const p = r.pipeline();
      for (const [key, raw, ttl, tags] of rows) {
        const full = this.prefix + key;
        if (ttl > 0) p.set(full, raw, 'PX', ttl);
        else p.set(full, raw);
        for (const tag of tags ?? []) {
          const tagKey = `${this.prefix}${TAG}${tag}`;
          p.sadd(tagKey, full);
          // The tag set lives as long as its longest-lived member (NX: first expiry, GT: only ever extended).
          if (ttl > 0) p.pexpire(tagKey, ttl, 'NX').pexpire(tagKey, ttl, 'GT');
          else p.persist(tagKey);
        }
      }
      return p.exec();
    });
    if (written === REDIS_FAILED) this.#ledger.addKeys(rows.map((r) => r[0]));
    if (announce) await this.#publish({ keys: rows.map((r) => r[0]) });
  }

  async #publish(message: InvalidationMessage): Promise<void> {
    if (this.#bus !== undefined) await this.#guard.run((r) => this.#bus!.publish(r, message));
  }

  #applyRemote(message: InvalidationMessage): void {
    const l1 = this.#l1;
    if (l1 === undefined) return;
    if (message.clear) l1.clear();
    for (const key of message.keys ?? []) l1.delete(key);
    if (message.tags?.length) l1.invalidateTags(message.tags);
    if (message.pattern) this.#dropL1Pattern(message.pattern);
  }

  #dropL1Pattern(pattern: string): void {
    if (this.#l1 === undefined) return;
    const re = redisPatternToRegExp(pattern);
    for (const key of [...this.#l1.keys()]) if (re.test(key)) this.#l1.delete(key);
  }
}
