/**
 * The narrow interface through which the runtime pillars (cache, guard, db) and user code report
 * metrics. The monitor implements it; without a monitor, `noopSink` makes every call free, so a
 * pillar never needs to know whether anyone is listening.
 *
 * Names follow Prometheus conventions: snake_case, a unit suffix (`_seconds`, `_bytes`) and
 * `_total` on counters. Registering a name twice returns the same metric.
 */
export type Labels = Readonly<Record<string, string>>;

export interface MetricOptions {
  /** Prometheus-style metric name, e.g. `loadline_cache_hits_total`. */
  name: string;
  /** One line that says what the metric counts. */
  help: string;
  /** Label names every sample of this metric carries; default none. */
  labelNames?: readonly string[];
}

export interface CounterMetric {
  /** Adds `value` (default 1, never negative). */
  inc(value?: number, labels?: Labels): void;
}

export interface GaugeMetric {
  set(value: number, labels?: Labels): void;
  inc(value?: number, labels?: Labels): void;
  dec(value?: number, labels?: Labels): void;
}

export interface HistogramMetric {
  /** Records one observation, in the metric's unit (seconds for `_seconds` metrics). */
  observe(value: number, labels?: Labels): void;
}

export interface GaugeOptions extends MetricOptions {
  /**
   * Called when the sink is read (a scrape, a dashboard tick) instead of pushing values; return
   * one number, or one value per label set.
   */
  collect?: () => number | ReadonlyArray<{ labels: Labels; value: number }>;
}

export interface HistogramOptions extends MetricOptions {
  /** Upper bounds of the buckets, ascending, in the metric's unit; the sink picks defaults when omitted. */
  buckets?: readonly number[];
}

export interface MetricsSink {
  counter(options: MetricOptions): CounterMetric;
  gauge(options: GaugeOptions): GaugeMetric;
  histogram(options: HistogramOptions): HistogramMetric;
}

const noop = () => {};
const noopCounter: CounterMetric = { inc: noop };
const noopGauge: GaugeMetric = { set: noop, inc: noop, dec: noop };
const noopHistogram: HistogramMetric = { observe: noop };

/** A sink that drops everything: the default when no monitor is attached. */
export const noopSink: MetricsSink = {
  counter: () => noopCounter,
  gauge: () => noopGauge,
  histogram: () => noopHistogram,
};
