import type { Redis } from 'ioredis';
import type { Clock } from '../../core/index.js';
import type { InvalidationBus, InvalidationMessage } from './InvalidationBus.js';
import { OutageLedger } from './OutageLedger.js';
import { REDIS_FAILED, RedisGuard } from './RedisGuard.js';
import { encodeValue, type Serializer } from './serializer.js';

/** Infix of the Redis set that lists the keys carrying a tag: `prefix__tag:<tag>`. */
const TAG = '__tag:';

/** One entry to write to Redis: key, encoded value, TTL (milliseconds, 0 = none), tags. */
export type RedisRow = readonly [key: string, raw: string, ttlMs: number, tags: readonly string[] | undefined];

/**
 * The Redis tier (L2) of a `TieredCache`: values under `prefix`, a set per tag listing its keys,
 * every command through a `RedisGuard` so an outage never throws. What could not be applied while
 * Redis was down (writes, deletes, invalidations) is kept in `ledger` for the cache to replay.
 */
export class RedisTier<V> {
  readonly prefix: string;
  readonly guard: RedisGuard;
  /** What could not be applied to Redis while it was down. */
  readonly ledger = new OutageLedger();
  /** Reads Redis answered. */
  hits = 0;
  /** Plain reads (`get`, `mget`; not a `getOrSet` load) Redis could not answer. */
  misses = 0;
  readonly #serializer: Serializer<V>;
  readonly #fill: (key: string, value: V) => void;

  /** `fill` gets what a plain read found, to keep it in memory. */
  constructor(redis: Redis, clock: Clock, timeoutMs: number, prefix: string, serializer: Serializer<V>, fill: (key: string, value: V) => void) {
    this.prefix = prefix;
    this.guard = new RedisGuard(redis, clock, timeoutMs);
    this.#serializer = serializer;
    this.#fill = fill;
  }

  /** Encodes `value` for Redis, or throws LOADLINE_CACHE_SERIALIZE naming `key`. */
  encode(key: string, value: V): string {
    return encodeValue(this.#serializer, key, value);
  }

  /** The value of `key`, or `undefined` when Redis does not have it, cannot decode it or is down. A `plain` read counts its miss and fills memory. */
  read(key: string, plain: boolean): Promise<V | undefined> {
    return this.guard.run((r) => r.get(this.prefix + key), (raw) => {
      const value = raw === REDIS_FAILED || raw === null ? undefined : this.#decode(key, raw);
      if (value === undefined) {
        if (plain) this.misses++;
        return undefined;
      }
      this.hits++;
      if (plain) this.#fill(key, value);
      return value;
    });
  }

  /** Plain reads of `keys[i]` for every `i` in `wanted`, into `out[i]`, through one pipeline. */
  async readMany(keys: readonly string[], wanted: readonly number[], out: Array<V | undefined>): Promise<void> {
    const replies = await this.guard.run((r) => {
      const p = r.pipeline();
      for (const i of wanted) p.get(this.prefix + keys[i]);
      return p.exec();
    });
    for (let j = 0; j < wanted.length; j++) {
      const i = wanted[j]!;
      const reply = replies === REDIS_FAILED ? undefined : replies?.[j];
      const raw = reply && !reply[0] ? (reply[1] as string | null) : null;
      const value = raw === null ? undefined : this.#decode(keys[i]!, raw);
      if (value === undefined) this.misses++;
      else {
        this.hits++;
        this.#fill(keys[i]!, value);
      }
      out[i] = value;
    }
  }

  /** Writes `rows` and adds each key to its tags' sets, through one pipeline. */
  async write(rows: readonly RedisRow[]): Promise<void> {
    const written = await this.guard.run((r) => {
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
    if (written === REDIS_FAILED) this.ledger.addKeys(rows.map((r) => r[0]));
  }

  /** Deletes `key` (DEL). */
  async delete(key: string): Promise<void> {
    if ((await this.guard.run((r) => r.del(this.prefix + key))) === REDIS_FAILED) this.ledger.addKeys([key]);
  }

  /** Deletes `keys` (UNLINK); returns whether Redis took the command. */
  async unlink(keys: readonly string[]): Promise<boolean> {
    const done = await this.guard.run((r) => r.unlink(...keys.map((k) => this.prefix + k)));
    if (done === REDIS_FAILED) this.ledger.addKeys(keys);
    return done !== REDIS_FAILED;
  }

  /** Deletes the keys carrying any of `tags`, and the tag sets; returns how many keys were deleted and which (without the prefix). */
  async dropTags(tags: readonly string[]): Promise<{ deleted: number; keys: string[] }> {
    const tagKeys = tags.map((t) => `${this.prefix}${TAG}${t}`);
    const members = await this.guard.run((r) => {
      const p = r.pipeline();
      for (const k of tagKeys) p.smembers(k);
      return p.exec();
    });
    const keys = members === REDIS_FAILED ? [] : [...new Set((members ?? []).flatMap((m) => (m[0] ? [] : (m[1] as string[]))))];
    let deleted = 0;
    if (members !== REDIS_FAILED) {
      const replies = await this.guard.run((r) => {
        const p = r.pipeline();
        if (keys.length) p.unlink(...keys);
        p.unlink(...tagKeys);
        return p.exec();
      });
      if (replies === REDIS_FAILED) this.ledger.addTags(tags);
      else if (keys.length) deleted = Number(replies?.[0]?.[1] ?? 0);
    } else {
      this.ledger.addTags(tags);
    }
    return { deleted, keys: keys.map((k) => k.slice(this.prefix.length)) };
  }

  /** Deletes every key matching the glob `pattern` under the prefix, paging with SCAN (never KEYS); returns how many were deleted. */
  async dropPattern(pattern: string): Promise<number> {
    let deleted = 0;
    let cursor = '0';
    do {
      const page = await this.guard.run((r) => r.scan(cursor, 'MATCH', this.prefix + pattern, 'COUNT', 500));
      if (page === REDIS_FAILED) {
        this.ledger.addPattern(pattern);
        break;
      }
      cursor = page[0];
      if (page[1].length) {
        const n = await this.guard.run((r) => r.unlink(...page[1]));
        if (n !== REDIS_FAILED) deleted += n;
        else {
          this.ledger.addPattern(pattern);
          break;
        }
      }
    } while (cursor !== '0');
    return deleted;
  }

  /** Publishes `message` on `bus` through the guard. */
  publish(bus: InvalidationBus, message: InvalidationMessage): Promise<unknown> {
    return this.guard.run((r) => bus.publish(r, message));
  }

  #decode(key: string, raw: string): V | undefined {
    try {
      return this.#serializer.deserialize(raw);
    } catch (error) {
      this.guard.recordError(new Error(`key ${JSON.stringify(key)}: stored value cannot be deserialized: ${(error as Error).message}`));
      return undefined;
    }
  }
}
