/**
 * The bucket layout of loadline's HDR histograms (lowest discernible value 1, 3 significant
 * digits): 2048 sub-buckets, so values below 2048 are counted exactly, and each power of two
 * above halves the resolution. A value's counts index is the one HdrHistogram's implementations
 * give it, so counts move between them index for index.
 */

import type { LatencySummaryMs } from './histogram.js';

/** log2 of half the sub-buckets for 3 significant digits (2048 sub-buckets); the lowest unit is 1. */
export const HALF_MAGNITUDE = 10;
const HALF_COUNT = 1 << HALF_MAGNITUDE;

/** Powers of two by exponent: values pass 2^31, so no shifts. */
const POW2 = Array.from({ length: 64 }, (_, i) => 2 ** i);

/** The counts index of an integer value from 0 to 2^32 - 1 (loadline clamps at `MAX_TRACKABLE_US`, below that). */
export function indexOf(value: number): number {
  if (value < 2 * HALF_COUNT) return value;
  const bucket = 32 - Math.clz32(value) - HALF_MAGNITUDE - 1;
  return bucket * HALF_COUNT + Math.floor(value / POW2[bucket]!);
}

/**
 * The lowest value of `v`'s HDR bucket. With 3 significant digits HDR keeps 2048 sub-buckets:
 * values below 2048 are exact, and each power-of-two range above halves the resolution.
 */
export function bucketOf(v: number): number {
  const shift = 21 - Math.clz32(v | 2047);
  return shift > 0 ? (v >>> shift) * (1 << shift) : v; // not `<<`: values pass 2^31
}

/** The lowest value counted at `index`. */
export function lowestOf(index: number): number {
  const bucket = (index >> HALF_MAGNITUDE) - 1;
  const sub = (index & (HALF_COUNT - 1)) + HALF_COUNT;
  return bucket < 0 ? sub - HALF_COUNT : sub * POW2[bucket]!;
}

/** How many values share the bucket at `index`. */
export function sizeOf(index: number): number {
  const bucket = (index >> HALF_MAGNITUDE) - 1;
  return bucket <= 0 ? 1 : POW2[bucket]!;
}

/** The highest value counted at `index`. */
export function highestOf(index: number): number {
  return lowestOf(index) + sizeOf(index) - 1;
}

function medianOf(index: number): number {
  return lowestOf(index) + Math.floor(sizeOf(index) / 2);
}

function ulp(x: number): number {
  return 2 ** (Math.floor(Math.log2(x)) - 52);
}

export interface BucketStats {
  total: number;
  mean: number;
  stdev: number;
  /** The values at the percentiles asked, in their order. */
  values: number[];
}

/**
 * Mean, standard deviation and percentiles as HdrHistogram computes them, from the non-empty
 * buckets in index order (`indexes[i]` holds `counts[i]`): median-equivalent values for the
 * moments; for a percentile, the highest equivalent value of the bucket where the cumulative
 * count reaches `ceil(p% x total - 1 ulp)`, the lowest for p = 0.
 */
export function bucketStats(indexes: readonly number[], counts: readonly number[], ps: readonly number[]): BucketStats {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < indexes.length; i++) {
    total += counts[i]!;
    sum += medianOf(indexes[i]!) * counts[i]!;
  }
  const mean = total === 0 ? 0 : sum / total;
  let deviations = 0;
  for (let i = 0; i < indexes.length; i++) {
    const d = medianOf(indexes[i]!) - mean;
    deviations += d * d * counts[i]!;
  }
  const values = ps.map((p) => {
    if (total === 0) return 0;
    const fp = (Math.min(p, 100) / 100) * total;
    const target = Math.max(Math.ceil(fp - ulp(fp)), 1);
    let cumulative = 0;
    for (let i = 0; i < indexes.length; i++) {
      cumulative += counts[i]!;
      if (cumulative >= target) return p === 0 ? lowestOf(indexes[i]!) : highestOf(indexes[i]!);
    }
    return 0;
  });
  return { total, mean, stdev: total === 0 ? 0 : Math.sqrt(deviations / total), values };
}

/** The percentiles a latency summary reports (p50, p90, p95, p99, p99.9), for `bucketStats`. */
export const SUMMARY_PERCENTILES: readonly number[] = [50, 90, 95, 99, 99.9];

/**
 * A latency summary in milliseconds from figures in microseconds: `stats` from `bucketStats` at
 * `SUMMARY_PERCENTILES`, count, min and max as the histogram keeps them.
 */
export function summaryMsOf(count: number, minUs: number, maxUs: number, stats: BucketStats): LatencySummaryMs {
  const ms = (us: number) => Math.round(us) / 1000;
  const v = stats.values;
  return {
    count,
    min: ms(minUs),
    mean: ms(stats.mean),
    stdev: ms(stats.stdev),
    p50: ms(v[0]!),
    p90: ms(v[1]!),
    p95: ms(v[2]!),
    p99: ms(v[3]!),
    p999: ms(v[4]!),
    max: ms(maxUs),
  };
}
