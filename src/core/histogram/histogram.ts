import { createRequire } from 'node:module';
import type * as Hdr from 'hdr-histogram-js';
import { bucketStats, SUMMARY_PERCENTILES, summaryMsOf, type BucketStats } from './hdrBuckets.js';
import { readV2Counts, V2_HEADER_BYTES } from './hdrCodec.js';

/**
 * hdr-histogram-js, loaded and its WASM module compiled on the first WASM histogram, not at import
 * (about 60 ms of CPU together): the load generator and a monitored service load the core but
 * record into `SparseHistogram`s, whose encoding `hdrCodec.ts` writes and reads.
 */
let hdrModule: typeof Hdr | undefined;
function hdr(): typeof Hdr {
  if (hdrModule === undefined) {
    const loaded = createRequire(import.meta.url)('hdr-histogram-js') as typeof Hdr;
    loaded.initWebAssemblySync();
    hdrModule = loaded;
  }
  return hdrModule;
}

/** Largest value a histogram tracks: one hour in microseconds. Larger values are clamped. */
export const MAX_TRACKABLE_US = 3_600_000_000;
export const SIGNIFICANT_DIGITS = 3;

export interface LatencySummaryMs {
  count: number;
  min: number;
  mean: number;
  stdev: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/**
 * An HDR histogram of integer values (loadline records latency in microseconds), on the WASM
 * build of hdr-histogram-js. Memory is fixed whatever the number of samples, percentiles carry
 * 3 significant digits, and histograms from workers, processes or machines merge exactly.
 *
 * WASM memory is not garbage collected: call `destroy()` when a histogram is no longer needed.
 *
 * @example
 * const h = new Histogram();
 * h.record(12_345); // 12.345 ms
 * h.percentile(99); // µs
 * const wire = h.encode(); // compressed base64, as HdrHistogram's other implementations read it
 */
export class Histogram {
  readonly #h: Hdr.Histogram;

  constructor(from?: Hdr.Histogram) {
    this.#h =
      from ??
      hdr().build({
        useWebAssembly: true,
        bitBucketSize: 'packed',
        lowestDiscernibleValue: 1,
        highestTrackableValue: MAX_TRACKABLE_US,
        numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
      });
  }

  /** Records one value; negatives count as 0, values past `MAX_TRACKABLE_US` as that maximum. */
  record(value: number): void {
    this.#h.recordValue(value < 0 ? 0 : value > MAX_TRACKABLE_US ? MAX_TRACKABLE_US : Math.round(value));
  }

  recordWithCount(value: number, count: number): void {
    this.#h.recordValueWithCount(value < 0 ? 0 : value > MAX_TRACKABLE_US ? MAX_TRACKABLE_US : Math.round(value), count);
  }

  get count(): number {
    return this.#h.totalCount;
  }

  get min(): number {
    return this.#h.totalCount === 0 ? 0 : this.#h.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : Math.min(this.#h.minNonZeroValue, this.#h.getValueAtPercentile(0));
  }

  get max(): number {
    return this.#h.maxValue;
  }

  get mean(): number {
    return this.#h.totalCount === 0 ? 0 : this.#h.mean;
  }

  get stdev(): number {
    return this.#h.totalCount === 0 ? 0 : this.#h.stdDeviation;
  }

  /** Value at percentile `p` (0..100); 0 when empty. */
  percentile(p: number): number {
    return this.#h.totalCount === 0 ? 0 : this.#h.getValueAtPercentile(p);
  }

  /** Adds every sample of `other` into this histogram. */
  merge(other: Histogram): this {
    this.#h.add(other.#h);
    return this;
  }

  reset(): void {
    this.#h.reset();
  }

  /** A copy that owns its own memory. */
  clone(): Histogram {
    return new Histogram().merge(this);
  }

  /** HdrHistogram's compressed base64 encoding (V2 format), readable by every HdrHistogram port. */
  encode(): string {
    return hdr().encodeIntoCompressedBase64(this.#h);
  }

  /**
   * Reads HdrHistogram's compressed base64 encoding into a histogram of the full range: an
   * encoding's header may name a smaller highest value (`SparseHistogram` writes its own maximum
   * there), and a histogram decoded at that range could not take larger values when merged into.
   */
  static decode(base64: string): Histogram {
    const decoded = hdr().decodeFromCompressedBase64(base64, 'packed', true);
    try {
      const h = new Histogram();
      h.#h.add(decoded);
      return h;
    } finally {
      decoded.destroy();
    }
  }

  /**
   * Values at several percentiles (0..100, any order) in one pass over the counts, equal to
   * `percentile(p)` for each: a read of six percentiles costs about one instead of six.
   */
  percentiles(ps: readonly number[]): number[] {
    return this.#h.totalCount === 0 ? ps.map(() => 0) : countsPass(this.#counts(), ps).values;
  }

  /**
   * Summary in milliseconds of a histogram recorded in microseconds: mean, standard deviation and
   * the five percentiles from one pass over the counts (the WASM getters walk them once each).
   */
  summaryMs(): LatencySummaryMs {
    const count = this.count;
    return summaryMsOf(count, this.min, this.max, count === 0 ? bucketStats([], [], SUMMARY_PERCENTILES) : countsPass(this.#counts(), SUMMARY_PERCENTILES));
  }


  /** The uncompressed V2 encoding: every count, in one WASM call. */
  #counts(): Uint8Array {
    return (this.#h as unknown as { encode(): Uint8Array }).encode();
  }

  destroy(): void {
    if (!(this.#h as { isDestroyed?: boolean }).isDestroyed) this.#h.destroy();
  }
}

/**
 * Mean, standard deviation and percentiles (`bucketStats`) read from the uncompressed V2 encoding
 * the WASM build hands over in one call.
 */
function countsPass(bytes: Uint8Array, ps: readonly number[]): BucketStats {
  const end = V2_HEADER_BYTES + ((bytes[4]! << 24) | (bytes[5]! << 16) | (bytes[6]! << 8) | bytes[7]!);
  const indexes: number[] = [];
  const counts: number[] = [];
  readV2Counts(bytes, end, (index, count) => {
    indexes.push(index);
    counts.push(count);
  });
  return bucketStats(indexes, counts, ps);
}
