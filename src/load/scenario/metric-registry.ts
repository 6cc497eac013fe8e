import { Histogram, invalidInput, seriesKey, type Aggregation, type CustomMetricSummary, type Expression } from '../../core/index.js';
import type { MetricSource, MetricType, Observation } from '../thresholds.js';

/** One custom metric's state in a serializable form, for sending from a worker thread. */
export interface MetricSnapshot {
  type: MetricType;
  /** counter: sum; rate: trues; trend: sum of values; gauge: last value. */
  sum: number;
  /** Values added. */
  count: number;
  /** gauge and trend: smallest and largest value seen. */
  min: number;
  max: number;
  /** trend: HdrHistogram compressed base64 of the values x1000 (ms as µs). */
  histogram?: string;
}

interface MetricState {
  type: MetricType;
  sum: number;
  count: number;
  min: number;
  max: number;
  histogram: Histogram | undefined;
}

/**
 * Custom metrics of a scenario (k6's Counter, Rate, Trend, Gauge). Counters add, rates count
 * true over all, trends go into an HDR histogram (values are milliseconds, stored as µs, so
 * percentiles carry 3 significant digits), gauges keep the last value. Registries from worker
 * threads merge exactly through `snapshot()` / `merge()`.
 *
 * @example
 * const metrics = new MetricRegistry({ api_errors: 'counter', api_response_time: 'trend' });
 * metrics.add('api_errors', 1);
 * metrics.add('api_response_time', 12.5);
 * metrics.aggregate('api_response_time', { kind: 'percentile', p: 95 }); // 12.5
 * evaluateThresholds(scenario.thresholds, [runStatsSource, metrics]); // it is a MetricSource
 */
export class MetricRegistry implements MetricSource {
  readonly #metrics = new Map<string, MetricState>();
  readonly #types: Record<string, MetricType> = {};
  /** Test time the rates of counters are computed over, ms; set by the engine before judging thresholds. */
  durationMs: number | undefined;

  constructor(definitions: Readonly<Record<string, MetricType>> = {}) {
    for (const [name, type] of Object.entries(definitions)) {
      this.#types[name] = type;
      this.#metrics.set(name, { type, sum: 0, count: 0, min: Infinity, max: -Infinity, histogram: type === 'trend' ? new Histogram() : undefined });
    }
  }

  has(name: string): boolean {
    return this.#metrics.has(name);
  }

  typeOf(name: string): MetricType | undefined {
    return this.#metrics.get(name)?.type;
  }

  /** Records one value: counters add it, rates count it true unless 0/false, trends record it (ms), gauges take it. */
  add(name: string, value: number | boolean): void {
    const m = this.#metrics.get(name);
    if (m === undefined) throw invalidInput({ field: 'metric', value: name, expected: `a metric declared under metrics (${[...this.#metrics.keys()].join(', ') || 'none declared'})` });
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    m.count++;
    switch (m.type) {
      case 'counter':
        m.sum += v;
        break;
      case 'trend':
        m.sum += v;
        m.histogram!.record(v * 1000);
        if (v < m.min) m.min = v;
        if (v > m.max) m.max = v;
        break;
      case 'rate':
        if (v !== 0) m.sum++;
        break;
      case 'gauge':
        m.sum = v;
        if (v < m.min) m.min = v;
        if (v > m.max) m.max = v;
        break;
    }
  }

  snapshot(): Record<string, MetricSnapshot> {
    const out: Record<string, MetricSnapshot> = {};
    for (const [name, m] of this.#metrics) {
      out[name] = { type: m.type, sum: m.sum, count: m.count, min: m.min, max: m.max, ...(m.histogram ? { histogram: m.histogram.encode() } : {}) };
    }
    return out;
  }

  /** Adds a worker's snapshot; a gauge takes the snapshot's last value when it has any. */
  merge(snapshot: Readonly<Record<string, MetricSnapshot>>): this {
    for (const [name, s] of Object.entries(snapshot)) {
      let m = this.#metrics.get(name);
      if (m === undefined) {
        this.#types[name] = s.type;
        m = { type: s.type, sum: 0, count: 0, min: Infinity, max: -Infinity, histogram: s.type === 'trend' ? new Histogram() : undefined };
        this.#metrics.set(name, m);
      }
      if (s.count === 0) continue;
      if (m.type === 'gauge') m.sum = s.sum;
      else m.sum += s.sum;
      m.count += s.count;
      m.min = Math.min(m.min, s.min);
      m.max = Math.max(m.max, s.max);
      if (m.histogram && s.histogram) {
        const other = Histogram.decode(s.histogram);
        m.histogram.merge(other);
        other.destroy();
      }
    }
    return this;
  }

  /** The declared metrics and their types (`MetricSource`). */
  get metrics(): Readonly<Record<string, MetricType>> {
    return this.#types;
  }

  /** `MetricSource.observe`: custom metrics carry no tags, so a tag filter has no samples. */
  observe(expression: Expression): Observation {
    if (Object.keys(expression.tags).length > 0) return { value: null, reason: `custom metric ${expression.metric} has no tags, so ${seriesKey(expression)} has no samples` };
    const value = this.aggregate(expression.metric, expression.aggregation, this.durationMs);
    return value === null ? { value: null, reason: `no samples for ${expression.metric}` } : { value };
  }

  /**
   * The value a threshold judges: `count`, `rate` (rate metrics: fraction true; counters: per
   * second over `durationMs`), `value`, `avg`, `min`, `max`, `med`, `p(N)`. Null when the metric
   * has no samples or the aggregation does not apply.
   */
  aggregate(name: string, aggregation: Aggregation, durationMs?: number): number | null {
    const m = this.#metrics.get(name);
    if (m === undefined || m.count === 0) return null;
    const h = m.histogram;
    switch (aggregation.kind) {
      case 'count':
        return m.type === 'counter' ? m.sum : m.count;
      case 'rate':
        if (m.type === 'rate') return m.sum / m.count;
        if (m.type === 'counter') return durationMs ? m.sum / (durationMs / 1000) : null;
        return null;
      case 'value':
        return m.type === 'gauge' ? m.sum : m.type === 'rate' ? m.sum / m.count : m.type === 'counter' ? m.sum : m.sum / m.count;
      case 'avg':
        return m.type === 'trend' ? m.sum / m.count : m.type === 'gauge' ? m.sum : null;
      case 'min':
        return m.type === 'trend' || m.type === 'gauge' ? m.min : null;
      case 'max':
        return m.type === 'trend' || m.type === 'gauge' ? m.max : null;
      case 'med':
        return h ? h.percentile(50) / 1000 : null;
      case 'percentile':
        return h ? h.percentile(aggregation.p) / 1000 : null;
    }
  }

  /** The result file's `summary.metrics`. */
  summary(): Record<string, CustomMetricSummary> {
    const out: Record<string, CustomMetricSummary> = {};
    for (const [name, m] of this.#metrics) {
      if (m.type === 'counter') out[name] = { type: 'counter', value: m.sum, count: m.count };
      else if (m.type === 'rate') out[name] = { type: 'rate', value: m.count ? m.sum / m.count : 0, count: m.count, rate: m.count ? m.sum / m.count : 0 };
      else if (m.type === 'gauge') out[name] = { type: 'gauge', value: m.count ? m.sum : 0, count: m.count };
      else {
        const { count: _count, ...latency } = m.histogram!.summaryMs();
        // Exact extremes; the histogram's are rounded to its bucket.
        if (m.count) Object.assign(latency, { min: m.min, max: m.max });
        out[name] = { type: 'trend', value: m.count ? m.sum / m.count : 0, count: m.count, latency };
      }
    }
    return out;
  }

  /** Frees the trend histograms' WASM memory. */
  destroy(): void {
    for (const m of this.#metrics.values()) m.histogram?.destroy();
  }
}
