import { checkOptionalNumber, LoadlineError, type Clock } from '../../core/index.js';
import { withHardTimeout } from './withHardTimeout.js';
import { LoadContext } from './LoadContext.js';
import { DEPENDENCY_TAG } from './TagIndex.js';
import type { GetOrSetOptions, Loader, SetOptions } from './lruTypes.js';

const ignore = () => {};

interface Flight<V> {
  key: string;
  promise: Promise<V>;
  controller: AbortController;
  /** Tags and dependency tags the loaded entry will carry. */
  tags: Set<string> | undefined;
  /** Deleted, replaced or invalidated while loading: the result must not be stored. */
  superseded: boolean;
  /** A caller waits on the result (not only a background refresh). */
  awaited: boolean;
}

/** The `LruCache` counters that loads move; the cache reads them for `stats()`. */
export interface LoadCounts {
  staleHits: number;
  loads: number;
  loadErrors: number;
}

/** Stores a loaded value without superseding a load in flight (the one that just completed). */
export type StoreLoaded<V> = (key: string, value: V, options: SetOptions | undefined) => void;

/**
 * The loads in flight for one `LruCache`: one loader run per key however many callers miss at
 * once (single-flight), background refreshes for stale-while-revalidate, soft and hard timeouts,
 * and supersession, so a load that started before a delete or an invalidation never writes its
 * now-outdated result back.
 */
export class FlightTable<V> {
  readonly #clock: Clock;
  readonly #counts: LoadCounts;
  readonly #store: StoreLoaded<V>;
  readonly #flights = new Map<string, Flight<V>>();

  constructor(clock: Clock, counts: LoadCounts, store: StoreLoaded<V>) {
    this.#clock = clock;
    this.#counts = counts;
    this.#store = store;
  }

  /** Loads in flight now. */
  get size(): number {
    return this.#flights.size;
  }

  /** A miss: join the load in flight for `key` or start one. */
  load(key: string, loader: Loader<V>, options: GetOrSetOptions | undefined): Promise<V> {
    const flight = this.#flights.get(key) ?? this.#start(key, loader, options, undefined);
    flight.awaited = true;
    return flight.promise;
  }

  /** An expired entry in grace: answer stale (at once or after `softTimeoutMs`) while one refresh runs. */
  refresh(key: string, stale: V, loader: Loader<V>, options: GetOrSetOptions | undefined): Promise<V> {
    const soft = checkOptionalNumber(options?.softTimeoutMs, 'softTimeoutMs', { min: 0 }) ?? 0;
    const flight = this.#flights.get(key) ?? this.#start(key, loader, options, stale);
    const counts = this.#counts;
    if (soft === 0) {
      counts.staleHits++;
      return Promise.resolve(stale);
    }
    return new Promise<V>((resolve) => {
      let done = false;
      const clock = this.#clock;
      const timer = clock.setTimeout(() => {
        if (done) return;
        done = true;
        counts.staleHits++;
        resolve(stale);
      }, soft);
      // Not unref'd: a waiter whose refresh never settles is answered by this timer alone.
      const settle = (value: V) => {
        if (done) return;
        done = true;
        clock.clearTimeout(timer);
        if (value === stale) counts.staleHits++;
        resolve(value);
      };
      flight.promise.then(settle, () => settle(stale));
    });
  }

  /** `key` was set or deleted: a load in flight for it must not store its result. */
  supersedeKey(key: string): void {
    if (this.#flights.size === 0) return;
    const flight = this.#flights.get(key);
    if (flight !== undefined) this.#supersede(flight);
  }

  /** Entries with one of `tags` were invalidated: so are loads that would store such an entry. */
  supersedeTags(tags: readonly string[]): void {
    if (this.#flights.size === 0) return;
    for (const flight of [...this.#flights.values()]) {
      if (flight.tags !== undefined && tags.some((t) => flight.tags!.has(t))) this.#supersede(flight);
    }
  }

  supersedeAll(): void {
    for (const flight of [...this.#flights.values()]) this.#supersede(flight);
  }

  #supersede(flight: Flight<V>): void {
    flight.superseded = true;
    this.#flights.delete(flight.key);
    if (!flight.awaited) {
      flight.controller.abort(new LoadlineError('LOADLINE_ABORTED', `background refresh of key ${JSON.stringify(flight.key)} is no longer wanted: the key was deleted, replaced or invalidated`));
    }
  }

  #start(key: string, loader: Loader<V>, options: GetOrSetOptions | undefined, stale: V | undefined): Flight<V> {
    if (typeof loader !== 'function') throw new LoadlineError('LOADLINE_INVALID_OPTION', `loader: got ${typeof loader}, expected a function`, { field: 'loader', expected: 'a function' });
    const hard = checkOptionalNumber(options?.hardTimeoutMs, 'hardTimeoutMs', { min: 0 }) ?? 0;
    checkOptionalNumber(options?.softTimeoutMs, 'softTimeoutMs', { min: 0 });
    const controller = new AbortController();
    let tags: Set<string> | undefined;
    if (options?.tags || options?.dependsOn) {
      tags = new Set(options.tags ?? []);
      for (const d of options.dependsOn ?? []) tags.add(DEPENDENCY_TAG + d);
    }
    const flight: Flight<V> = { key, promise: undefined as unknown as Promise<V>, controller, tags, superseded: false, awaited: false };
    this.#counts.loads++;
    const context = new LoadContext<V>(key, controller.signal, stale);
    let result: Promise<V>;
    try {
      result = Promise.resolve(loader(context));
    } catch (error) {
      result = Promise.reject(error);
    }
    if (hard > 0) result = withHardTimeout(result, key, hard, controller, this.#clock);
    flight.promise = result.then(
      (value) => {
        if (this.#flights.get(key) === flight) this.#flights.delete(key);
        if (!flight.superseded && !context.skipped) this.#store(key, value, context.ttlMs === undefined ? options : { ...options, ttlMs: context.ttlMs });
        return value;
      },
      (error: unknown) => {
        if (this.#flights.get(key) === flight) this.#flights.delete(key);
        this.#counts.loadErrors++;
        throw error;
      },
    );
    // A background refresh may have no one waiting: its failure is counted, never unhandled.
    flight.promise.catch(ignore);
    this.#flights.set(key, flight);
    return flight;
  }
}
