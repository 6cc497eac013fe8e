import { invalidInput } from '../errors/errors.js';
import { decodeHdrV2, encodeHdrV2 } from './hdrCodec.js';
import { bucketStats, highestOf, indexOf, lowestOf, SUMMARY_PERCENTILES, summaryMsOf, type BucketStats } from './hdrBuckets.js';
import { MAX_TRACKABLE_US, SIGNIFICANT_DIGITS, type LatencySummaryMs } from './histogram.js';

/** Buckets per chunk: a chunk is allocated when a value first lands in its range. */
const CHUNK_BITS = 6;
const CHUNK = 1 << CHUNK_BITS;
const MAX_UINT32 = 0xffff_ffff;

// What the memory costs, measured on Node 20.20 (V8 11.3, x64, no pointer compression) after
// gc(), as V8's used heap plus the process's memory outside the V8 heap (rss minus the heap's
// physical size), over 10,000-100,000 histograms, bare typed arrays and arrays of each shape:
// - an empty histogram: 120 B of heap (the object, its empty chunk list, the boxed `#min`);
// - the chunk list once it has a slot: 16 B plus 8 B a slot (holes included) plus the spare
//   slots V8 keeps when an array grows (16 + half the length each time): 152 B with one slot;
// - a chunk: 186 B of heap (the typed array and its ArrayBuffer, both JS objects), its counts
//   outside the heap (256 B; 512 B widened) and 170-190 B beside them (V8's BackingStore and
//   ArrayBufferExtension, malloc's headers): 614-640 B a 32-bit chunk with its slot.
// SparseHistogram.test.ts's footprint test repeats the measurement in a child process and prints
// it (`node --test dist/core/histogram/SparseHistogram.test.js`): measured / footprintBytes was 0.94-0.99
// for 4,000 histograms of 16 chunks, 1.03-1.05 for 16,000 of 2 chunks 359 slots apart, 1.02-1.03
// for 10,000 of 4 widened chunks (three runs, load average 3.4-4.6 on 2 cores).
/** An empty histogram: the object, its empty chunk list, the boxed `#min`. */
const HISTOGRAM_BYTES = 120;
/** A chunk besides its counts: its typed array and ArrayBuffer objects (186 B), its backing store's bookkeeping outside the heap (~184 B). */
const CHUNK_OVERHEAD_BYTES = 370;
/** The chunk list's header. */
const LIST_HEADER_BYTES = 16;
/** One slot of the chunk list (a pointer). */
const SLOT_BYTES = 8;

/** 64 buckets' counts: 32-bit until one would overflow, then doubles (exact to 2^53). */
type Chunk = Uint32Array | Float64Array;

/**
 * An HDR histogram of integer values (microseconds in loadline) kept in JavaScript memory, with
 * the bucket layout of the core `Histogram` (lowest value 1, 3 significant digits, values up to
 * `MAX_TRACKABLE_US`): same percentiles, mean and standard deviation for the same values, and its
 * `encode()` is HdrHistogram's compressed V2 encoding that `Histogram.decode` reads.
 *
 * For code that runs inside the user's service. The core `Histogram` lives in WebAssembly
 * memory; when that memory grows, V8 detaches the old ArrayBuffer, which invalidates V8's
 * ArrayBufferDetaching protector for the rest of the process: every typed-array access in
 * node's own code (async_hooks' id fields, streams, Buffer) then checks for a detached buffer,
 * and all optimized code that relied on the protector is thrown away and compiled again. A bare
 * node:http server measured +763 instructions per request in that state (bench/cachegrind/).
 * Here counts sit in chunks of 64 buckets, allocated as values arrive (32-bit counts, 256 bytes a
 * chunk, ~630 with the typed array around them, widened to doubles if a bucket ever passes
 * 2^32 - 1): memory follows the buckets a distribution occupies (`footprintBytes`), and it is
 * garbage collected: there is no `destroy()`.
 *
 * @example
 * const h = new SparseHistogram();
 * h.recordWithCount(1_250, 3); // 1.25 ms, three times
 * h.percentile(99); // µs
 */
export class SparseHistogram {
  #chunks: (Chunk | undefined)[] = [];
  /** Whether counts are doubles: once a bucket would pass 2^32 - 1, every chunk is widened. */
  #wide = false;
  #count = 0;
  /** Extremes of the recorded values, exact (the buckets' own once merged from an encoding). */
  #min = Infinity;
  #max = 0;

  /** Records one value; negatives count as 0, values past `MAX_TRACKABLE_US` as that maximum. */
  record(value: number): void {
    this.recordWithCount(value, 1);
  }

  recordWithCount(value: number, count: number): void {
    const v = value <= 0 ? 0 : value >= MAX_TRACKABLE_US ? MAX_TRACKABLE_US : Math.round(value);
    this.#add(indexOf(v), count);
    if (v > this.#max) this.#max = v;
    if (v < this.#min) this.#min = v;
  }

  #add(index: number, count: number): void {
    const at = index >> CHUNK_BITS;
    let chunk = this.#chunks[at] ?? this.#chunk(at);
    const i = index & (CHUNK - 1);
    const n = chunk[i]! + count;
    if (n > MAX_UINT32 && !this.#wide) chunk = this.#widen(at);
    chunk[i] = n;
    this.#count += count;
  }

  #chunk(at: number): Chunk {
    while (this.#chunks.length <= at) this.#chunks.push(undefined);
    return (this.#chunks[at] = this.#wide ? new Float64Array(CHUNK) : new Uint32Array(CHUNK));
  }

  /** A bucket is about to pass 2^32 - 1: every chunk, and every chunk to come, holds doubles from now on. */
  #widen(at: number): Chunk {
    this.#wide = true;
    this.#chunks = this.#chunks.map((chunk) => (chunk === undefined ? undefined : Float64Array.from(chunk)));
    return this.#chunks[at]!;
  }

  get count(): number {
    return this.#count;
  }

  /** The lowest value of the smallest recorded value's bucket, as `Histogram.min` gives it. */
  get min(): number {
    return this.#count === 0 ? 0 : lowestOf(indexOf(this.#min));
  }

  get max(): number {
    return this.#count === 0 ? 0 : this.#max;
  }

  get mean(): number {
    return this.#stats([]).mean;
  }

  get stdev(): number {
    return this.#stats([]).stdev;
  }

  /** Value at percentile `p` (0..100); 0 when empty. */
  percentile(p: number): number {
    return this.#stats([p]).values[0]!;
  }

  /** Values at several percentiles (0..100, any order) from one pass over the counts. */
  percentiles(ps: readonly number[]): number[] {
    return this.#stats(ps).values;
  }

  /**
   * How many recorded values lie in buckets wholly at or below `value`: a bucket that `value`
   * splits is not counted (the percentiles' rule: a bucket stands for its highest value), unless
   * `value` is at or above the maximum. What a latency SLO counts as good.
   */
  countAtOrBelow(value: number): number {
    if (this.#count === 0 || value < 0) return 0;
    if (this.#max <= value) return this.#count; // the maximum is exact: every value is at or below
    const v = value >= MAX_TRACKABLE_US ? MAX_TRACKABLE_US : Math.floor(value);
    let last = indexOf(v);
    if (highestOf(last) > v) last--;
    let n = 0;
    this.#forEachBucket((index, count) => {
      if (index <= last) n += count;
    });
    return n;
  }

  /** Summary in milliseconds of a histogram recorded in microseconds, as `Histogram.summaryMs` gives it. */
  summaryMs(): LatencySummaryMs {
    return summaryMsOf(this.#count, this.min, this.max, this.#stats(SUMMARY_PERCENTILES));
  }


  /** Adds every sample of `other` into this histogram. */
  merge(other: SparseHistogram): this {
    if (other.#count === 0) return this;
    other.#forEachBucket((index, count) => this.#add(index, count));
    if (other.#max > this.#max) this.#max = other.#max;
    if (other.#min < this.#min) this.#min = other.#min;
    return this;
  }

  /** Empties the histogram; its chunks stay allocated for the next values (an interval's histogram is reset every interval). */
  reset(): void {
    for (const chunk of this.#chunks) chunk?.fill(0);
    this.#count = 0;
    this.#min = Infinity;
    this.#max = 0;
  }

  /** A copy that owns its own memory. */
  clone(): SparseHistogram {
    return new SparseHistogram().merge(this);
  }

  /**
   * HdrHistogram's compressed base64 encoding (V2 format), readable by every HdrHistogram port;
   * the header names the maximum as the highest trackable value, as hdr-histogram-js's JavaScript
   * build sized to it would.
   */
  encode(): string {
    const header = { significantDigits: SIGNIFICANT_DIGITS, lowestDiscernibleValue: 1, highestTrackableValue: Math.max(2, this.max) };
    return encodeHdrV2(header, (visit) => this.#forEachBucket(visit));
  }

  /** Reads HdrHistogram's compressed base64 encoding of a histogram with loadline's layout (lowest value 1, 3 digits). */
  static decode(base64: string): SparseHistogram {
    const out = new SparseHistogram();
    let first = -1;
    let last = -1;
    const header = decodeHdrV2(base64, (index, count) => {
      out.#add(index, count);
      if (first === -1) first = index;
      last = index;
    });
    // Lowest discernible value 1 (any value below 2 gives the same layout) and 3 digits: the layout of `indexOf`.
    if (header.lowestDiscernibleValue >= 2 || header.significantDigits !== SIGNIFICANT_DIGITS) {
      throw invalidInput({ field: 'histogram', value: `${header.lowestDiscernibleValue} lowest, ${header.significantDigits} digits`, expected: `an HDR histogram with lowest value 1 and ${SIGNIFICANT_DIGITS} significant digits` });
    }
    if (first !== -1) {
      out.#min = lowestOf(first);
      out.#max = highestOf(last);
    }
    return out;
  }

  /**
   * An estimate of the memory this histogram holds, in bytes: the object (120), its list of
   * chunks (8 a slot, spare slots included) and each range of 64 buckets that ever held a value
   * (626 a chunk, 882 once widened: the counts, 256 or 512, plus the typed array's objects and
   * its backing store's bookkeeping). Measured within a few percent on Node 20 x64 (see the
   * constants); V8 builds with pointer compression hold less.
   */
  get footprintBytes(): number {
    const slots = this.#chunks.length;
    let bytes = HISTOGRAM_BYTES;
    // V8 grows an array by half its length plus 16 slots; on average a quarter of the length stands spare.
    if (slots > 0) bytes += LIST_HEADER_BYTES + SLOT_BYTES * (slots + 16 + (slots >> 2));
    for (const chunk of this.#chunks) if (chunk !== undefined) bytes += CHUNK_OVERHEAD_BYTES + chunk.byteLength;
    return bytes;
  }

  #forEachBucket(fn: (index: number, count: number) => void): void {
    const chunks = this.#chunks;
    for (let at = 0; at < chunks.length; at++) {
      const chunk = chunks[at];
      if (chunk === undefined) continue;
      for (let i = 0; i < CHUNK; i++) if (chunk[i]! > 0) fn((at << CHUNK_BITS) + i, chunk[i]!);
    }
  }

  #stats(ps: readonly number[]): BucketStats {
    const indexes: number[] = [];
    const counts: number[] = [];
    if (this.#count > 0) {
      this.#forEachBucket((index, count) => {
        indexes.push(index);
        counts.push(count);
      });
    }
    return bucketStats(indexes, counts, ps);
  }
}
