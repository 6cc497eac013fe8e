import * as hdr from 'hdr-histogram-js';

hdr.initWebAssemblySync();

/** Largest value a histogram tracks: one hour in microseconds. Larger values are clamped. */
export const MAX_TRACKABLE_US = 3_600_000_000;
const SIGNIFICANT_DIGITS = 3;

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
  readonly #h: hdr.Histogram;

  constructor(from?: hdr.Histogram) {
    this.#h =
      from ??
      hdr.build({
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
    return hdr.encodeIntoCompressedBase64(this.#h);
  }

  static decode(base64: string): Histogram {
    return new Histogram(hdr.decodeFromCompressedBase64(base64, 'packed', true));
  }

  /** Summary in milliseconds of a histogram recorded in microseconds. */
  summaryMs(): LatencySummaryMs {
    const ms = (us: number) => Math.round(us) / 1000;
    return {
      count: this.count,
      min: ms(this.min),
      mean: Math.round(this.mean) / 1000,
      stdev: Math.round(this.stdev) / 1000,
      p50: ms(this.percentile(50)),
      p90: ms(this.percentile(90)),
      p95: ms(this.percentile(95)),
      p99: ms(this.percentile(99)),
      p999: ms(this.percentile(99.9)),
      max: ms(this.max),
    };
  }

  destroy(): void {
    if (!(this.#h as { isDestroyed?: boolean }).isDestroyed) this.#h.destroy();
  }
}
