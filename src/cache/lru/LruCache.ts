import { checkInteger, checkOptionalNumber, invalidInput, type Clock } from '../../core/index.js';
import { resolveLruOptions } from './resolveLruOptions.js';
import { ExpiryTable } from './ExpiryTable.js';
import { FlightTable, type LoadCounts } from './FlightTable.js';
import { registerCacheMetrics } from '../cacheMetrics.js';
import { SizeTable } from './SizeTable.js';
import { SlotList } from './SlotList.js';
import { checkTags, DEPENDENCY_TAG as DEP, TagIndex } from './TagIndex.js';
import type { CacheStats, DisposeReason, GetOptions, GetOrSetOptions, Loader, LruCacheOptions, SetOptions } from './lruTypes.js';

function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw invalidInput({ field: 'key', value: key, expected: 'a string' });
}

/**
 * A bounded LRU cache: by entry count and/or total bytes, with TTLs, stale-while-revalidate,
 * single-flight loading, tags and dependency invalidation. This class is the policy (what a read
 * answers, what to evict, what an invalidation drops); entries live in a `SlotList`, a linked list
 * of slot indices in typed arrays, so get/set/delete/evict are O(1) and allocate nothing.
 *
 * @example
 * const users = new LruCache<User>({ maxEntries: 10_000, ttlMs: 60_000, graceMs: 300_000 });
 * const user = await users.getOrSet(`user:${id}`, () => db.findUser(id), { tags: [`team:${teamId}`] });
 * users.invalidateTags([`team:${teamId}`]);
 */
export class LruCache<V = unknown> implements Iterable<[string, V]> {
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly ttlMs: number;
  readonly graceMs: number;
  readonly allowStale: boolean;
  readonly clock: Clock;
  readonly name: string;
  readonly #dispose: ((value: V, key: string, reason: DisposeReason) => void) | undefined;

  /** Slot of each key held. */
  readonly #map = new Map<string, number>();
  readonly #slots: SlotList<V>;
  /** Expiry and grace per slot; allocated on the first TTL. */
  #expiry: ExpiryTable | null = null;
  /** Size per slot; only with `maxBytes`. */
  readonly #sizes: SizeTable<V> | null = null;
  #tags: TagIndex | null = null;
  readonly #flights: FlightTable<V>;

  #hits = 0;
  #misses = 0;
  #evictions = 0;
  #expirations = 0;
  /** Stale answers, loads and failed loads: counted by the flight table too. */
  readonly #counts: LoadCounts = { staleHits: 0, loads: 0, loadErrors: 0 };

  constructor(options: LruCacheOptions<V>) {
    const o = resolveLruOptions(options);
    this.maxEntries = o.maxEntries;
    this.maxBytes = o.maxBytes;
    this.ttlMs = o.ttlMs;
    this.graceMs = o.graceMs;
    this.allowStale = o.allowStale;
    this.#dispose = o.dispose;
    this.clock = o.clock;
    this.name = o.name;
    this.#slots = new SlotList<V>(this.maxEntries, (slots) => {
      this.#expiry?.grow(slots);
      this.#sizes?.grow(slots);
    });
    const slots = this.#slots.capacity + 1;
    if (this.maxBytes !== Infinity) this.#sizes = new SizeTable(slots, this.maxBytes, o.sizeOf);
    if (this.ttlMs > 0) this.#expiry = new ExpiryTable(slots, this.graceMs > 0);
    this.#flights = new FlightTable(this.clock, this.#counts, (key, value, options) => this.#store(key, value, options));
    if (options.metrics) registerCacheMetrics(options.metrics, this.name, () => this.stats());
  }

  /** Entries held (expired ones not yet dropped included). */
  get size(): number {
    return this.#map.size;
  }

  /** Total size held, in bytes (0 unless `maxBytes` is set). */
  get bytes(): number {
    return this.#sizes === null ? 0 : this.#sizes.bytes;
  }

  /** The value if present and fresh, and marks it most recently used; `undefined` otherwise. */
  get(key: string, options?: GetOptions): V | undefined {
    if (typeof key !== 'string') checkKey(key);
    const i = this.#map.get(key);
    if (i === undefined) {
      this.#misses++;
      return undefined;
    }
    if (this.#expiry !== null) {
      const at = this.#expiry.expires[i]!;
      if (at !== 0 && at <= this.clock.now()) return this.#readExpired(i, options?.allowStale ?? this.allowStale);
    }
    this.#slots.touch(i);
    this.#hits++;
    return this.#slots.values[i];
  }

  /** Like `get` without touching recency or stats; never returns an expired value unless `allowStale`. */
  peek(key: string, options?: GetOptions): V | undefined {
    checkKey(key);
    const i = this.#map.get(key);
    if (i === undefined) return undefined;
    if (this.#isExpired(i)) {
      const until = this.#expiry!.graceEnd(i);
      if (!(options?.allowStale ?? this.allowStale) || (until !== 0 && until <= this.clock.now())) return undefined;
    }
    return this.#slots.values[i];
  }

  /** Whether a fresh entry is held; no recency update. */
  has(key: string): boolean {
    checkKey(key);
    const i = this.#map.get(key);
    return i !== undefined && !this.#isExpired(i);
  }

  /** Milliseconds until `key` expires: `Infinity` without a TTL, 0 when absent or expired. */
  getRemainingTTL(key: string): number {
    checkKey(key);
    const i = this.#map.get(key);
    if (i === undefined) return 0;
    return this.#expiry === null ? Infinity : this.#expiry.remaining(i, this.clock.now());
  }

  /** Stores `value` as the most recently used entry, evicting least recently used ones as needed. */
  set(key: string, value: V, options?: SetOptions): this {
    if (typeof key !== 'string') checkKey(key);
    if (this.#flights.size !== 0) this.#flights.supersedeKey(key);
    this.#store(key, value, options);
    return this;
  }

  /** `set` without superseding an in-flight load (used when that load completes). */
  #store(key: string, value: V, options: SetOptions | undefined): void {
    let ttl = this.ttlMs;
    let grace = this.graceMs;
    let tags: readonly string[] | undefined;
    let size = 0;
    if (options !== undefined) {
      if (options.ttlMs !== undefined) ttl = checkOptionalNumber(options.ttlMs, 'ttlMs', { min: 0 })!;
      if (options.graceMs !== undefined) grace = checkOptionalNumber(options.graceMs, 'graceMs', { min: 0 })!;
      tags = checkTags(options.tags, 'tags');
      const deps = checkTags(options.dependsOn, 'dependsOn');
      if (deps) tags = [...(tags ?? []), ...deps.map((d) => DEP + d)];
      if (options.size !== undefined) size = checkInteger(options.size, 'size', { min: 0 });
    }
    const sizes = this.#sizes;
    if (sizes !== null && options?.size === undefined) size = sizes.measure(key, value);
    const old = this.#map.get(key);
    if (sizes !== null && size > sizes.maxBytes) {
      // Never storable: drop the old entry rather than keep serving an outdated value.
      if (old !== undefined) this.#removeCascading(old, 'replaced');
      return;
    }
    const slots = this.#slots;
    let i: number;
    let replaced = false;
    if (old !== undefined) {
      i = old;
      const oldValue = slots.values[i] as V;
      this.#untag(i, key);
      slots.values[i] = value;
      if (sizes !== null) sizes.release(i);
      slots.touch(i);
      if (oldValue !== value) {
        this.#dispose?.(oldValue, key, 'replaced');
        replaced = true;
      }
    } else {
      if (this.#map.size >= this.maxEntries) {
        i = this.#recycleTail();
        slots.keys[i] = key;
        slots.values[i] = value;
      } else {
        i = slots.insert(key, value);
      }
      this.#map.set(key, i);
    }
    if (ttl > 0 || this.#expiry !== null) {
      (this.#expiry ??= new ExpiryTable(slots.capacity + 1, grace > 0)).set(i, this.clock.now(), ttl, grace);
    }
    if (tags !== undefined) this.#tag(i, key, tags);
    if (sizes !== null) {
      sizes.add(i, size);
      while (sizes.over && slots.tail !== i) this.#evictTail();
    }
    if (replaced) this.#cascade(key);
  }

  /** Removes `key` (and entries that depend on it); returns whether it was held. */
  delete(key: string): boolean {
    checkKey(key);
    this.#flights.supersedeKey(key);
    const i = this.#map.get(key);
    if (i === undefined) {
      this.#cascade(key);
      return false;
    }
    this.#removeCascading(i, 'deleted');
    return true;
  }

  /** Drops every entry carrying one of `tags`, and every entry that depends on a dropped key; returns how many were dropped. */
  invalidateTags(tags: readonly string[]): number {
    const list = checkTags(tags, 'tags') ?? [];
    let dropped = 0;
    for (const tag of list) dropped += this.#dropTag(tag);
    this.#flights.supersedeTags(list);
    return dropped;
  }

  /** Drops everything (dispose reason "deleted") and aborts in-flight loads. */
  clear(): void {
    this.#flights.supersedeAll();
    for (const [key, i] of [...this.#map]) {
      if (this.#map.get(key) === i) this.#remove(i, 'deleted');
    }
  }

  /** Drops every expired entry whose grace is over; returns how many. */
  purgeStale(): number {
    let n = 0;
    for (const i of [...this.#map.values()]) {
      if (this.#isDead(i)) {
        this.#expirations++;
        this.#remove(i, 'expired');
        n++;
      }
    }
    return n;
  }

  /** Loads `key` through `loader` on a miss, once for all concurrent callers; see `GetOrSetOptions`. */
  getOrSet(key: string, loader: Loader<V>, options?: GetOrSetOptions): Promise<V> {
    if (typeof key !== 'string') checkKey(key);
    const i = this.#map.get(key);
    if (i !== undefined) {
      const at = this.#expiry === null ? 0 : this.#expiry.expires[i]!;
      if (at === 0 || at > this.clock.now()) {
        this.#slots.touch(i);
        this.#hits++;
        return Promise.resolve(this.#slots.values[i] as V);
      }
      if (this.#isDead(i)) {
        this.#expirations++;
        this.#remove(i, 'expired');
      } else {
        this.#slots.touch(i);
        return this.#flights.refresh(key, this.#slots.values[i] as V, loader, options);
      }
    }
    this.#misses++;
    return this.#flights.load(key, loader, options);
  }

  stats(): CacheStats {
    const reads = this.#hits + this.#misses;
    return {
      hits: this.#hits,
      misses: this.#misses,
      staleHits: this.#counts.staleHits,
      evictions: this.#evictions,
      expirations: this.#expirations,
      loads: this.#counts.loads,
      loadErrors: this.#counts.loadErrors,
      entries: this.#map.size,
      bytes: this.bytes,
      hitRate: reads === 0 ? 0 : this.#hits / reads,
    };
  }

  /** Fresh entries, most recently used first. */
  *entries(): IterableIterator<[string, V]> {
    const slots = this.#slots;
    for (let i = slots.head; i !== 0; i = slots.after(i)) {
      if (!this.#isExpired(i)) yield [slots.keys[i]!, slots.values[i] as V];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  #readExpired(i: number, allowStale: boolean): V | undefined {
    const value = this.#slots.values[i];
    const until = this.#expiry!.graceEnd(i);
    // Without grace, allowStale hands the expired value out once (as lru-cache does); with grace, only until it ends.
    const servable = until === 0 || until > this.clock.now();
    if (until === 0 || !servable) {
      this.#expirations++;
      this.#remove(i, 'expired');
    }
    if (!allowStale || !servable) {
      this.#misses++;
      return undefined;
    }
    this.#counts.staleHits++;
    return value;
  }

  #isExpired(i: number): boolean {
    return this.#expiry !== null && this.#expiry.isExpired(i, this.clock.now());
  }

  /** Expired and past grace. */
  #isDead(i: number): boolean {
    return this.#expiry !== null && this.#expiry.isDead(i, this.clock.now());
  }

  #evictTail(): void {
    const i = this.#slots.tail;
    if (i === 0) return;
    if (this.#isDead(i)) {
      this.#expirations++;
      this.#remove(i, 'expired');
    } else {
      this.#evictions++;
      this.#remove(i, 'evicted');
    }
  }

  /** Evicts the least recently used entry and hands its slot, already moved to the front, to a new entry (as the fastest LRUs do). */
  #recycleTail(): number {
    const slots = this.#slots;
    const i = slots.tail;
    const key = slots.keys[i]!;
    const value = slots.values[i] as V;
    const dead = this.#isDead(i);
    if (dead) this.#expirations++;
    else this.#evictions++;
    this.#map.delete(key);
    this.#untag(i, key);
    if (this.#sizes !== null) this.#sizes.release(i);
    if (this.#expiry !== null) this.#expiry.clear(i);
    slots.touch(i);
    this.#dispose?.(value, key, dead ? 'expired' : 'evicted');
    return i;
  }

  #remove(i: number, reason: DisposeReason): void {
    const key = this.#slots.keys[i]!;
    const value = this.#slots.values[i] as V;
    this.#map.delete(key);
    this.#untag(i, key);
    if (this.#sizes !== null) this.#sizes.release(i);
    if (this.#expiry !== null) this.#expiry.clear(i);
    this.#slots.release(i);
    this.#dispose?.(value, key, reason);
  }

  #removeCascading(i: number, reason: DisposeReason): void {
    const key = this.#slots.keys[i]!;
    this.#remove(i, reason);
    this.#cascade(key);
  }

  /** Drops the entries that declared `key` in `dependsOn`, transitively. */
  #cascade(key: string): void {
    if (this.#tags !== null && this.#tags.size !== 0 && this.#tags.has(DEP + key)) {
      this.#dropTag(DEP + key);
      this.#flights.supersedeTags([DEP + key]);
    }
  }

  #dropTag(tag: string): number {
    if (this.#tags === null) return 0;
    let dropped = 0;
    for (const key of this.#tags.keysOf(tag)) {
      const i = this.#map.get(key);
      if (i === undefined) continue;
      this.#flights.supersedeKey(key);
      this.#removeCascading(i, 'deleted');
      dropped++;
    }
    return dropped;
  }

  #tag(i: number, key: string, tags: readonly string[]): void {
    (this.#tags ??= new TagIndex(this.#slots.capacity + 1)).add(i, key, tags);
  }

  #untag(i: number, key: string): void {
    this.#tags?.remove(i, key);
  }
}
