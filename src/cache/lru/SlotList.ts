import { widen } from './widen.js';

/** Slots allocated up front at most; beyond this the arrays double as the list fills. */
const PREALLOCATE = 1 << 17;

/**
 * Where an `LruCache` keeps its entries: keys and values in parallel arrays indexed by slot, and
 * recency as a doubly linked list of slot indices held in typed arrays (slot 0 is the sentinel),
 * with a stack of freed slots for reuse. Every operation is O(1) and allocates nothing. The arrays
 * are preallocated up to 131 072 slots and double beyond that, up to `maxSlots`; `onGrow` lets
 * the cache widen its own per-slot tables (expiry, sizes) in step.
 */
export class SlotList<V> {
  /** Key per slot; the array is never replaced, only lengthened. */
  readonly keys: (string | undefined)[];
  /** Value per slot; the array is never replaced, only lengthened. */
  readonly values: (V | undefined)[];
  /** Slots usable before the arrays grow (slot 0, the sentinel, not counted). */
  capacity: number;
  readonly #maxSlots: number;
  readonly #onGrow: (slots: number) => void;
  /** next[i] is the next less recent slot; next[0] is the most recent, prev[0] the least recent. */
  #next: Uint32Array;
  #prev: Uint32Array;
  #free: Uint32Array;
  #freeTop = 0;
  #fill = 1;

  constructor(maxSlots: number, onGrow: (slots: number) => void) {
    this.#maxSlots = maxSlots;
    this.#onGrow = onGrow;
    this.capacity = Math.min(maxSlots, PREALLOCATE);
    const slots = this.capacity + 1;
    this.#next = new Uint32Array(slots);
    this.#prev = new Uint32Array(slots);
    this.#free = new Uint32Array(slots);
    this.keys = new Array(slots).fill(undefined);
    this.values = new Array(slots).fill(undefined);
  }

  /** The most recently used slot; 0 when the list is empty. */
  get head(): number {
    return this.#next[0]!;
  }

  /** The least recently used slot; 0 when the list is empty. */
  get tail(): number {
    return this.#prev[0]!;
  }

  /** The slot used just less recently than `i`; 0 after the last. */
  after(i: number): number {
    return this.#next[i]!;
  }

  /** Makes slot `i` the most recently used. */
  touch(i: number): void {
    const next = this.#next;
    const prev = this.#prev;
    const h = next[0]!;
    if (h === i) return;
    const p = prev[i]!;
    const n = next[i]!;
    next[p] = n;
    prev[n] = p;
    next[i] = h;
    prev[h] = i;
    next[0] = i;
    prev[i] = 0;
  }

  /** Stores `key` and `value` in a free slot (growing the arrays if none is left), links it as the most recent and returns it. */
  insert(key: string, value: V): number {
    const i = this.#allocate();
    const next = this.#next;
    const prev = this.#prev;
    const h = next[0]!;
    next[i] = h;
    prev[h] = i;
    next[0] = i;
    prev[i] = 0;
    this.keys[i] = key;
    this.values[i] = value;
    return i;
  }

  /** Unlinks slot `i`, forgets its key and value, and keeps it for reuse. Its own `after(i)` still leads on, so an iteration can go past it. */
  release(i: number): void {
    const p = this.#prev[i]!;
    const n = this.#next[i]!;
    this.#next[p] = n;
    this.#prev[n] = p;
    this.keys[i] = undefined;
    this.values[i] = undefined;
    this.#free[this.#freeTop++] = i;
  }

  #allocate(): number {
    if (this.#freeTop > 0) return this.#free[--this.#freeTop]!;
    if (this.#fill > this.capacity) this.#grow();
    return this.#fill++;
  }

  #grow(): void {
    const capacity = Math.min(this.#maxSlots, this.capacity * 2);
    const slots = capacity + 1;
    this.#next = widen(this.#next, slots);
    this.#prev = widen(this.#prev, slots);
    this.#free = widen(this.#free, slots);
    this.#onGrow(slots);
    this.keys.length = slots;
    this.values.length = slots;
    this.capacity = capacity;
  }
}
