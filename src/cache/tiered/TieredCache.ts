import type { Redis } from 'ioredis';
import { checkOptionalInteger, checkOptionalNumber, checkString, invalidInput, type Clock } from '../../core/index.js';
import { registerCacheMetrics } from '../cacheMetrics.js';
import { checkTags } from '../lru/TagIndex.js';
import { redisPatternToRegExp } from './redisPatternToRegExp.js';
import { InvalidationBus, type InvalidationMessage } from './InvalidationBus.js';
import { LoadContext } from '../lru/LoadContext.js';
import { LruCache } from '../lru/LruCache.js';
import { loadIoredis } from './loadIoredis.js';
import { RedisTier, type RedisRow } from './RedisTier.js';
import { redisReady } from './redisReady.js';
import { resolveTieredOptions } from './resolveTieredOptions.js';
import type { TieredCacheOptions, TieredCacheStats, TieredGetOrSetOptions, TieredSetOptions } from './tieredTypes.js';
import type { Loader, LoaderContext } from '../lru/lruTypes.js';
import { withHardTimeout } from '../lru/withHardTimeout.js';

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
  /**
   * Resolves once Redis answers and, with a memory tier, cross-instance invalidation is
   * subscribed. Rejects with LOADLINE_CACHE_REDIS_UNAVAILABLE when Redis cannot be reached (a host
   * that does not resolve, a refused port, no answer within `readyTimeoutMs`): the cache then works
   * degraded, from memory and the loader, and uses Redis once it is reachable. Awaiting it is
   * optional: an unobserved rejection is never reported as unhandled.
   */
  readonly ready: Promise<void>;
  readonly #redis: Redis;
  /** The command connection, when the cache opened it from a URL (closed by `close()`). */
  readonly #ownRedis: Redis | undefined;
  readonly #l1: LruCache<V> | undefined;
  readonly #l1TtlMs: number;
  readonly #clock: Clock;
  readonly #l2: RedisTier<V>;
  readonly #bus: InvalidationBus | undefined;
  readonly #ownSubscriber: Redis | undefined;
  /** Loads in flight without a memory tier (the memory tier single-flights its own). */
  readonly #flights = new Map<string, Promise<V>>();
  readonly #onReady = () => void this.flushPending();
  #replaying: Promise<void> | null = null;
  #loads = 0;
  #loadErrors = 0;

  constructor(options: TieredCacheOptions<V>) {
    const o = resolveTieredOptions(options);
    if (o.redis === undefined) {
      const Client = loadIoredis();
      this.#ownRedis = new Client(o.redisUrl!);
      this.#ownRedis.on('error', () => {}); // reconnects on its own; outages are counted on commands and reported by `ready`
    }
    this.#redis = o.redis ?? this.#ownRedis!;
    this.prefix = o.prefix;
    this.ttlMs = o.ttlMs;
    this.#l1TtlMs = o.l1TtlMs;
    this.#clock = o.clock;
    this.#l2 = new RedisTier(this.#redis, o.clock, o.redisTimeoutMs, o.prefix, o.serializer, (key, value) => this.#setL1(key, value, this.ttlMs, undefined));
    if (o.l1 !== false) this.#l1 = new LruCache<V>(o.l1);
    if (o.subscriber !== false && this.#l1 !== undefined) {
      const subscriber = o.subscriber ?? (this.#ownSubscriber = this.#redis.duplicate());
      subscriber.on('error', () => {}); // reconnects on its own; outages are counted on commands
      const guard = this.#l2.guard;
      const bus = (this.#bus = new InvalidationBus(this.#redis, subscriber, `${this.prefix}__invalidate`, (m) => this.#applyRemote(m), (e) => guard.recordError(e)));
      const subscribed = redisReady(subscriber, o.clock, o.readyTimeoutMs).then(() => bus.ready);
      this.ready = Promise.all([redisReady(this.#redis, o.clock, o.readyTimeoutMs), subscribed]).then(() => undefined);
    } else {
      this.ready = redisReady(this.#redis, o.clock, o.readyTimeoutMs);
    }
    this.ready.catch(() => {});
    this.#redis.on('ready', this.#onReady);
    if (o.metrics) registerCacheMetrics(o.metrics, o.name, () => this.stats());
  }

  /**
   * Applies to Redis what could not be applied while it was down (keys written or deleted, tags
   * and patterns invalidated), as deletions, and tells other instances. Runs by itself when the
   * client reconnects; returns the replay in progress, if any.
   */
  flushPending(): Promise<void> {
    if (this.#replaying !== null) return this.#replaying;
    if (this.#l2.ledger.empty || !this.#l2.guard.available) return Promise.resolve();
    this.#replaying = this.#replay().finally(() => (this.#replaying = null));
    return this.#replaying;
  }

  async #replay(): Promise<void> {
    const { keys, tags, patterns, overflow } = this.#l2.ledger.take();
    if (overflow) {
      await this.invalidatePattern('*');
      return;
    }
    if (keys.length && (await this.#l2.unlink(keys))) await this.#publish({ keys });
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
    return this.#l2.read(key, true);
  }

  /** Writes memory and Redis and tells other instances to drop their copy. Throws only when the value cannot be serialized (nothing changes then). */
  async set(key: string, value: V, options?: TieredSetOptions): Promise<void> {
    checkString(key, 'key', { nonEmpty: false });
    const raw = this.#l2.encode(key, value);
    const ttl = checkOptionalInteger(options?.ttlMs, 'ttlMs', { min: 0 }) ?? this.ttlMs;
    this.#setL1(key, value, ttl, options?.tags);
    await this.#l2.write([[key, raw, ttl, options?.tags]]);
    await this.#publish({ keys: [key] });
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
    await this.#l2.readMany(keys, missing, out);
    return out;
  }

  /** Writes many entries through one Redis pipeline. Every value is serialized first: one that cannot be fails the call and nothing is written. */
  async mset(entries: ReadonlyArray<readonly [string, V] | readonly [string, V, TieredSetOptions]>): Promise<void> {
    const rows = entries.map(([key, value, options], i): RedisRow => {
      checkString(key, `entries[${i}][0]`, { nonEmpty: false });
      const ttl = checkOptionalInteger(options?.ttlMs, `entries[${i}][2].ttlMs`, { min: 0 }) ?? this.ttlMs;
      return [key, this.#l2.encode(key, value), ttl, options?.tags];
    });
    entries.forEach(([key, value], i) => this.#setL1(key, value, rows[i]![2], rows[i]![3]));
    await this.#l2.write(rows);
    await this.#publish({ keys: rows.map((r) => r[0]) });
  }

  /**
   * Memory, then Redis, then `loader` once for all concurrent callers on this instance; the result
   * is written to both tiers, with the TTL the loader chose through `ctx.setTtl` (the memory copy
   * never outlives Redis), or nowhere when it called `ctx.skip()`.
   */
  getOrSet(key: string, loader: Loader<V>, options?: TieredGetOrSetOptions): Promise<V> {
    if (typeof key !== 'string') throw invalidInput({ field: 'key', value: key, expected: 'a string' });
    const through = async (ctx: LoaderContext<V>): Promise<V> => {
      const cached = await this.#l2.read(key, false);
      if (cached !== undefined) return cached;
      this.#loads++;
      const own = new LoadContext<V>(key, ctx.signal, ctx.stale);
      let value: V;
      try {
        value = await loader(own);
      } catch (error) {
        this.#loadErrors++;
        throw error;
      }
      if (own.skipped) {
        ctx.skip();
        return value;
      }
      const ttl = own.ttlMs ?? options?.ttlMs ?? this.ttlMs;
      // A load that timed out or was superseded must not write its result either.
      if (ctx.signal.aborted) return value;
      await this.#l2.write([[key, this.#l2.encode(key, value), ttl, options?.tags]]);
      if (own.ttlMs !== undefined) ctx.setTtl(this.#l1Ttl(ttl));
      return value;
    };
    if (this.#l1 !== undefined) {
      return this.#l1.getOrSet(key, through, { ttlMs: this.#l1Ttl(options?.ttlMs ?? this.ttlMs), tags: options?.tags, softTimeoutMs: options?.softTimeoutMs, hardTimeoutMs: options?.hardTimeoutMs });
    }
    let flight = this.#flights.get(key);
    if (flight === undefined) {
      const hard = checkOptionalNumber(options?.hardTimeoutMs, 'hardTimeoutMs', { min: 0 }) ?? 0;
      const controller = new AbortController();
      let load = through(new LoadContext<V>(key, controller.signal, undefined));
      if (hard > 0) load = withHardTimeout(load, key, hard, controller, this.#clock);
      flight = load.finally(() => this.#flights.delete(key));
      this.#flights.set(key, flight);
    }
    return flight;
  }

  /** Removes `key` from both tiers on every instance. */
  async delete(key: string): Promise<void> {
    checkString(key, 'key', { nonEmpty: false });
    this.#l1?.delete(key);
    await this.#l2.delete(key);
    await this.#publish({ keys: [key] });
  }

  /** Drops entries tagged with any of `tags` from Redis and from memory on every instance; returns how many Redis keys were deleted. */
  async invalidateTags(tags: readonly string[]): Promise<number> {
    if (checkTags(tags, 'tags') === undefined) return 0;
    this.#l1?.invalidateTags(tags);
    const { deleted, keys } = await this.#l2.dropTags(tags);
    await this.#publish({ tags: [...tags], keys });
    return deleted;
  }

  /** Deletes every key matching the Redis glob `pattern` (within the prefix) using SCAN, never KEYS; returns how many Redis keys were deleted. */
  async invalidatePattern(pattern: string): Promise<number> {
    checkString(pattern, 'pattern');
    this.#dropL1Pattern(pattern);
    const deleted = await this.#l2.dropPattern(pattern);
    await this.#publish({ pattern });
    return deleted;
  }

  stats(): TieredCacheStats {
    const l1 = this.#l1?.stats();
    const l1Hits = (l1?.hits ?? 0) + (l1?.staleHits ?? 0);
    const hits = l1Hits + this.#l2.hits;
    // A miss found the key in neither tier: a plain read that missed Redis, or a getOrSet load.
    const misses = this.#l2.misses + this.#loads;
    const reads = hits + misses;
    return {
      hits,
      misses,
      l1Hits,
      l2Hits: this.#l2.hits,
      l2Errors: this.#l2.guard.errors,
      loads: this.#loads,
      loadErrors: this.#loadErrors,
      entries: l1?.entries ?? 0,
      bytes: l1?.bytes ?? 0,
      hitRate: reads === 0 ? 0 : hits / reads,
    };
  }

  /** Stops listening for invalidations and closes the connections it opened (never a `redis` client passed in). */
  async close(): Promise<void> {
    this.#redis.off('ready', this.#onReady);
    await this.#bus?.close();
    if (this.#ownSubscriber) this.#ownSubscriber.disconnect();
    if (this.#ownRedis) this.#ownRedis.disconnect();
  }

  #setL1(key: string, value: V, ttl: number, tags: readonly string[] | undefined): void {
    if (this.#l1 === undefined) return;
    this.#l1.set(key, value, { ttlMs: this.#l1Ttl(ttl), tags });
  }

  /** Memory TTL for an entry with Redis TTL `ttl`: never longer. */
  #l1Ttl(ttl: number): number {
    return ttl > 0 && (this.#l1TtlMs === 0 || ttl < this.#l1TtlMs) ? ttl : this.#l1TtlMs;
  }

  async #publish(message: InvalidationMessage): Promise<void> {
    if (this.#bus !== undefined) await this.#l2.publish(this.#bus, message);
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
