import { checkFunction, checkKnownKeys, checkOptionalInteger, checkOptionalNumber, invalidInput, systemClock, type Clock } from '../../core/index.js';
import type { DisposeReason, LruCacheOptions } from './lruTypes.js';

const KNOWN = ['maxEntries', 'maxBytes', 'sizeOf', 'ttlMs', 'graceMs', 'allowStale', 'dispose', 'clock', 'metrics', 'name'];

/** `LruCacheOptions` checked and with defaults applied. */
export interface ResolvedLruOptions<V> {
  maxEntries: number;
  maxBytes: number;
  ttlMs: number;
  graceMs: number;
  allowStale: boolean;
  sizeOf: ((value: V, key: string) => number) | undefined;
  dispose: ((value: V, key: string, reason: DisposeReason) => void) | undefined;
  clock: Clock;
  name: string;
}

/**
 * Validates `new LruCache()` options at the boundary, naming the field, the value and what was
 * expected (lru-cache style), and fills in the defaults.
 *
 * @example
 * resolveLruOptions({ maxEntries: -1 }); // throws "maxEntries: got -1, expected an integer at least 1"
 */
export function resolveLruOptions<V>(options: LruCacheOptions<V>): ResolvedLruOptions<V> {
  if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object' });
  checkKnownKeys(options, KNOWN);
  const maxEntries = checkOptionalInteger(options.maxEntries, 'maxEntries', { min: 1 });
  const maxBytes = checkOptionalNumber(options.maxBytes, 'maxBytes', { above: 0 });
  if (maxEntries === undefined && maxBytes === undefined) {
    throw invalidInput({ field: 'maxEntries', value: undefined, expected: 'a positive integer (or maxBytes): an unbounded cache is a memory leak' });
  }
  if (options.allowStale !== undefined && typeof options.allowStale !== 'boolean') {
    throw invalidInput({ field: 'allowStale', value: options.allowStale, expected: 'true or false' });
  }
  const clock = options.clock ?? systemClock;
  if (typeof clock?.now !== 'function') throw invalidInput({ field: 'clock', value: options.clock, expected: 'a Clock (now, wallNow, setTimeout, clearTimeout)' });
  return {
    maxEntries: maxEntries ?? Infinity,
    maxBytes: maxBytes ?? Infinity,
    ttlMs: checkOptionalNumber(options.ttlMs, 'ttlMs', { min: 0 }) ?? 0,
    graceMs: checkOptionalNumber(options.graceMs, 'graceMs', { min: 0 }) ?? 0,
    allowStale: options.allowStale ?? false,
    sizeOf: options.sizeOf === undefined ? undefined : checkFunction(options.sizeOf, 'sizeOf'),
    dispose: options.dispose === undefined ? undefined : checkFunction(options.dispose, 'dispose'),
    clock,
    name: options.name === undefined ? 'lru' : String(options.name),
  };
}
