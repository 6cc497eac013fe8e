import { invalidInput } from '../../core/index.js';
import { estimateSize } from './estimateSize.js';
import { widen } from './widen.js';

/**
 * Size accounting of a byte-bounded `LruCache`: the size of the entry in each slot and their total,
 * held against `maxBytes`. Allocated only when the cache has `maxBytes`, so a count-bounded cache
 * never measures a value.
 */
export class SizeTable<V> {
  /** Most total size the cache may hold. Bytes. */
  readonly maxBytes: number;
  /** Total size held now. Bytes. */
  bytes = 0;
  readonly #sizeOf: ((value: V, key: string) => number) | undefined;
  #sizes: Float64Array;

  constructor(slots: number, maxBytes: number, sizeOf: ((value: V, key: string) => number) | undefined) {
    this.maxBytes = maxBytes;
    this.#sizeOf = sizeOf;
    this.#sizes = new Float64Array(slots);
  }

  /** Size of `value` by `sizeOf` (default `estimateSize`); rejects a result that is not a finite non-negative number. */
  measure(key: string, value: V): number {
    const size = this.#sizeOf ? this.#sizeOf(value, key) : estimateSize(value);
    if (!(size >= 0) || !Number.isFinite(size)) throw invalidInput({ field: 'sizeOf', value: size, expected: `a finite non-negative number for key ${JSON.stringify(key)}` });
    return size;
  }

  /** Whether the total is over `maxBytes`. */
  get over(): boolean {
    return this.bytes > this.maxBytes;
  }

  /** Counts `size` for slot `i`. */
  add(i: number, size: number): void {
    this.#sizes[i] = size;
    this.bytes += size;
  }

  /** Stops counting slot `i`. */
  release(i: number): void {
    this.bytes -= this.#sizes[i]!;
    this.#sizes[i] = 0;
  }

  grow(slots: number): void {
    this.#sizes = widen(this.#sizes, slots);
  }
}
