import { invalidInput } from '../errors/errors.js';
import { bucketOf } from './hdrBuckets.js';
import { MAX_TRACKABLE_US } from './histogram.js';

/** Where a recorder flushes: the core `Histogram` or a `SparseHistogram`. */
export interface HistogramTarget {
  recordWithCount(value: number, count: number): void;
}

/**
 * Distinct buckets the table holds; a power of two. Latencies below 2.048 ms are exact to the
 * microsecond, so a busy second of sub-millisecond responses touches a thousand or more buckets:
 * the table must hold an interval's worth, or it flushes (WASM calls) every few hundred values.
 * 4096 slots cost 32 KiB per recorder.
 */
const DEFAULT_SLOT_BITS = 12;

export interface LatencyRecorderOptions {
  /** log2 of the table's slot count: 12 (4096 slots, 32 KiB) by default; 9 (512 slots, 4 KiB) suits many small recorders. */
  slotBits?: number;
}

/**
 * A JavaScript-side front for one or more HDR histograms that always receive the same values.
 * Recording into the WASM histogram costs a boundary crossing per value and per histogram; here
 * each value is reduced to its HDR bucket (3 significant digits, as the core `Histogram` keeps)
 * and counted in a small open-addressing table, which `flush()` moves into every target with
 * `recordWithCount`, one call per distinct bucket. After a flush the targets hold exactly what
 * recording every value directly would have given them: same counts, percentiles, min, max,
 * mean and encoding.
 *
 * Call `flush()` before reading any target. The table flushes itself when it fills.
 *
 * @example
 * const recorder = new LatencyRecorder([total, perEndpoint]);
 * recorder.record(12_345); // µs, on the hot path: no WASM call, no allocation
 * recorder.flush();        // before total.percentile(99)
 */
export class LatencyRecorder {
  readonly #targets: readonly HistogramTarget[];
  readonly #keys: Uint32Array;
  readonly #counts: Uint32Array;
  readonly #hashShift: number;
  readonly #mask: number;
  /** Flush once this many distinct buckets are in use (3/4 full), so probing stays short. */
  readonly #flushAt: number;
  #used = 0;
  /** Largest and smallest non-zero raw value since the last flush: HDR keeps them exactly, not by bucket. */
  #max = -1;
  #minNonZero = Infinity;

  /** `targets`: the histograms every recorded value goes to (at least one). */
  constructor(targets: readonly HistogramTarget[], { slotBits = DEFAULT_SLOT_BITS }: LatencyRecorderOptions = {}) {
    if (!Number.isInteger(slotBits) || slotBits < 4 || slotBits > 16) throw invalidInput({ field: 'slotBits', value: slotBits, expected: 'an integer from 4 to 16' });
    const slots = 1 << slotBits;
    this.#targets = targets;
    this.#keys = new Uint32Array(slots);
    this.#counts = new Uint32Array(slots);
    this.#hashShift = 32 - slotBits;
    this.#mask = slots - 1;
    this.#flushAt = (slots * 3) >>> 2;
  }

  /** Whether values are waiting for `flush()`. */
  get pending(): boolean {
    return this.#used > 0;
  }

  /** Records one value in microseconds (negatives as 0, past `MAX_TRACKABLE_US` as that maximum). */
  record(us: number): void {
    const v = us <= 0 ? 0 : us >= MAX_TRACKABLE_US ? MAX_TRACKABLE_US : Math.round(us);
    if (v > this.#max) this.#max = v;
    if (v < this.#minNonZero && v > 0) this.#minNonZero = v;
    const key = bucketOf(v);
    const stored = key + 1; // 0 marks an empty slot
    const keys = this.#keys;
    let i = Math.imul(key, 0x9e3779b1) >>> this.#hashShift;
    for (;;) {
      const k = keys[i]!;
      if (k === stored) {
        this.#counts[i]!++;
        return;
      }
      if (k === 0) {
        keys[i] = stored;
        this.#counts[i] = 1;
        if (++this.#used >= this.#flushAt) this.flush();
        return;
      }
      i = (i + 1) & this.#mask;
    }
  }

  /** Moves everything buffered into every target histogram. */
  flush(): void {
    if (this.#used === 0) return;
    const keys = this.#keys;
    const counts = this.#counts;
    const targets = this.#targets;
    // The extremes go in as themselves (one count each, taken from their bucket), so the targets'
    // min and max come out as exact as direct recording leaves them.
    const max = this.#max;
    const min = this.#minNonZero === Infinity || this.#minNonZero === max ? -1 : this.#minNonZero;
    const maxKey = bucketOf(max) + 1;
    const minKey = min < 0 ? -1 : bucketOf(min) + 1;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k === 0) continue;
      let c = counts[i]!;
      if (k === maxKey) {
        for (let t = 0; t < targets.length; t++) targets[t]!.recordWithCount(max, 1);
        c--;
      }
      if (k === minKey) {
        for (let t = 0; t < targets.length; t++) targets[t]!.recordWithCount(min, 1);
        c--;
      }
      if (c > 0) for (let t = 0; t < targets.length; t++) targets[t]!.recordWithCount(k - 1, c);
      keys[i] = 0;
    }
    this.#used = 0;
    this.#max = -1;
    this.#minNonZero = Infinity;
  }

  /** Drops everything buffered without flushing it. */
  clear(): void {
    this.#keys.fill(0);
    this.#used = 0;
    this.#max = -1;
    this.#minNonZero = Infinity;
  }
}
