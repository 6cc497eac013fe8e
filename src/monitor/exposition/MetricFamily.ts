import type { ExpositionBytes } from './ExpositionBytes.js';

/**
 * What every metric the monitor holds can do: render itself as Prometheus text and report its
 * current values for the JSON endpoints, the dashboard, alert rules and cluster merging.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface ScalarSample {
  labels: Record<string, string>;
  value: number;
}

export interface HistogramSample {
  labels: Record<string, string>;
  count: number;
  /** Sum of observations, in the metric's unit. */
  sum: number;
  /** Non-cumulative counts per bucket; the last entry is the `+Inf` bucket. */
  counts: number[];
}

export type FamilyValues =
  | { name: string; help: string; type: 'counter' | 'gauge'; samples: ScalarSample[] }
  | { name: string; help: string; type: 'histogram'; bounds: number[]; samples: HistogramSample[] };

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  /** The family in Prometheus text format, `# HELP`/`# TYPE` lines included; `''` when it has no samples. */
  render(): string;
  /** Appends the same text as bytes; families whose text is large implement it (the registry encodes `render()` for the others). */
  renderBytes?(out: ExpositionBytes): void;
  read(): FamilyValues;
}

export function labelsOf(names: readonly string[], values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < names.length; i++) out[names[i]!] = values[i] ?? '';
  return out;
}

/**
 * Estimates a quantile (0..1) from fixed buckets by linear interpolation inside the bucket, as
 * PromQL's `histogram_quantile` does; observations in the `+Inf` bucket report the last bound.
 */
export function bucketQuantile(bounds: readonly number[], counts: readonly number[], q: number): number {
  let total = 0;
  for (const c of counts) total += c;
  if (total === 0) return 0;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (seen + c >= rank && c > 0) {
      if (i >= bounds.length) return bounds[bounds.length - 1] ?? 0;
      const lower = i === 0 ? 0 : bounds[i - 1]!;
      return lower + ((bounds[i]! - lower) * (rank - seen)) / c;
    }
    seen += c;
  }
  return bounds[bounds.length - 1] ?? 0;
}
