import { SparseHistogram, invalidInput, seriesKey, type Aggregation, type CustomMetricSummary, type Expression } from '../../../core/index.js';
import type { MetricType, Observation, MetricSource } from '../../stats/thresholds.js';

/** Tags of one custom metric sample, as k6's `trend.add(value, { endpoint: 'login' })`. */
export type MetricTags = Readonly<Record<string, string | number | boolean>>;

/** Distinct tag sets kept per metric by default (`MetricRegistryOptions.maxSeries`). */
export const DEFAULT_MAX_SERIES = 1000;

export interface MetricRegistryOptions {
  /**
   * Distinct tag sets kept per metric; default 1000. A sample whose tag set would be one more still
   * counts in the metric's total, and in its `overflow`, so a scenario cannot grow memory without bound.
   */
  maxSeries?: number;
}

/** A series' figures in a serializable form (a metric's total, or one tagged series). */
interface SeriesFigures {
  /** counter: sum; rate: trues; trend: sum of values; gauge: last value. */
  sum: number;
  /** Values added. */
  count: number;
  /** gauge and trend: smallest and largest value seen. */
  min: number;
  max: number;
  /** trend: HdrHistogram compressed base64 of the values x1000 (ms as µs). */
  histogram?: string;
  /** trend: sum of the squared values, for an exact stdev. */
  sumSq?: number;
}

/** One tagged series of a metric in a serializable form. */
export interface MetricSeriesSnapshot extends SeriesFigures {
  tags: Record<string, string>;
}

/** One custom metric's state in a serializable form, for sending from a worker thread. */
export interface MetricSnapshot extends SeriesFigures {
  type: MetricType;
  /** Tagged series by series key (`api_response_time{endpoint:login}`); absent when none. */
  series?: Record<string, MetricSeriesSnapshot>;
  /** Samples whose tag set found no room (past `maxSeries`); absent when none. */
  overflow?: number;
}

/** A tagged series in the result file's `summary.metrics`, keyed by its series key. */
export interface TaggedMetricSummary extends CustomMetricSummary {
  metric: string;
  tags: Record<string, string>;
}

/** A metric's total in the result file's `summary.metrics`. */
export type MetricTotalSummary = Omit<CustomMetricSummary, 'metric' | 'tags'>;

interface Series {
  sum: number;
  /** trend: sum of squares, so a series' stdev needs no pass over its histogram. */
  sumSq: number;
  count: number;
  min: number;
  max: number;
  histogram: SparseHistogram | undefined;
  /** Order of the last add, to find the latest gauge value over several series. */
  seq: number;
  /** The histogram's last encoding and the count it was made at: an unchanged series is not encoded again. */
  encoded: string | undefined;
  encodedCount: number;
}

interface TaggedSeries extends Series {
  tags: Readonly<Record<string, string>>;
}

interface MetricState extends Series {
  type: MetricType;
  tagged: Map<string, TaggedSeries>;
  /** Frozen tag objects (a scenario's `record` entries) to their series: no key is built per sample. `null`: past the cap. */
  byObject: WeakMap<object, TaggedSeries | null>;
  overflow: number;
}

const TAG_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Checks tags and returns them as strings, in name order: names such as `endpoint` or `api.v2`,
 * values non-empty, without `,`, `{`, `}` or surrounding spaces, so the threshold grammar
 * (`metric{endpoint:login}`) can name every series.
 */
export function normalizeTags(tags: MetricTags, field = 'tags'): Record<string, string> {
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) throw invalidInput({ field, value: tags, expected: 'an object of tag names to values' });
  const out: Record<string, string> = {};
  for (const name of Object.keys(tags).sort()) {
    if (!TAG_NAME.test(name)) throw invalidInput({ field: `${field}.${name}`, value: name, expected: 'a tag name of letters, digits, _, . or - (not starting with a digit)' });
    const raw = tags[name];
    const value = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
    if (value === undefined || value === '' || /[,{}]/.test(value) || value.trim() !== value) {
      throw invalidInput({ field: `${field}.${name}`, value: raw, expected: 'a non-empty string, number or boolean without , { } or surrounding spaces' });
    }
    out[name] = value;
  }
  return out;
}

function newSeries(type: MetricType): Series {
  return { sum: 0, sumSq: 0, count: 0, min: Infinity, max: -Infinity, histogram: type === 'trend' ? new SparseHistogram() : undefined, seq: 0, encoded: undefined, encodedCount: -1 };
}

function feed(s: Series, type: MetricType, v: number, seq: number): void {
  s.count++;
  s.seq = seq;
  switch (type) {
    case 'counter':
      s.sum += v;
      break;
    case 'trend':
      s.sum += v;
      s.sumSq += v * v;
      s.histogram!.record(v * 1000);
      if (v < s.min) s.min = v;
      if (v > s.max) s.max = v;
      break;
    case 'rate':
      if (v !== 0) s.sum++;
      break;
    case 'gauge':
      s.sum = v;
      if (v < s.min) s.min = v;
      if (v > s.max) s.max = v;
      break;
  }
}

/** Adds a snapshot's state into `s`; a gauge takes the snapshot's last value. */
function mergeInto(s: Series, type: MetricType, from: Omit<MetricSeriesSnapshot, 'tags'>, seq: number): void {
  if (from.count === 0) return;
  if (type === 'gauge') s.sum = from.sum;
  else s.sum += from.sum;
  s.sumSq += from.sumSq ?? 0;
  s.count += from.count;
  s.min = Math.min(s.min, from.min);
  s.max = Math.max(s.max, from.max);
  s.seq = seq;
  if (s.histogram && from.histogram) {
    s.histogram.merge(SparseHistogram.decode(from.histogram));
  }
}

function snapshotOf(s: Series): Omit<MetricSeriesSnapshot, 'tags'> {
  const out: Omit<MetricSeriesSnapshot, 'tags'> = { sum: s.sum, count: s.count, min: s.min, max: s.max };
  if (s.histogram) {
    out.sumSq = s.sumSq;
    if (s.encodedCount !== s.count) {
      s.encoded = s.histogram.encode();
      s.encodedCount = s.count;
    }
    out.histogram = s.encoded;
  }
  return out;
}

function aggregateSeries(type: MetricType, s: Series, aggregation: Aggregation, durationMs: number | undefined): number | null {
  if (s.count === 0) return null;
  const h = s.histogram;
  switch (aggregation.kind) {
    case 'count':
      return type === 'counter' ? s.sum : s.count;
    case 'rate':
      if (type === 'rate') return s.sum / s.count;
      if (type === 'counter') return durationMs ? s.sum / (durationMs / 1000) : null;
      return null;
    case 'value':
      return type === 'gauge' ? s.sum : type === 'rate' ? s.sum / s.count : type === 'counter' ? s.sum : s.sum / s.count;
    case 'avg':
      return type === 'trend' ? s.sum / s.count : type === 'gauge' ? s.sum : null;
    case 'min':
      return type === 'trend' || type === 'gauge' ? s.min : null;
    case 'max':
      return type === 'trend' || type === 'gauge' ? s.max : null;
    case 'med':
      return h ? within(h.percentile(50) / 1000, s) : null;
    case 'percentile':
      return h ? within(h.percentile(aggregation.p) / 1000, s) : null;
  }
}

/**
 * A percentile read from the histogram, inside the series' exact [min, max]: it reads its HDR
 * bucket's upper edge, which can pass the largest sample (p99 123.519 ms over a max of 123.457),
 * as the engine's endpoint summaries clamp theirs.
 */
function within(v: number, s: Series): number {
  return Math.min(s.max, Math.max(s.min, v));
}

/**
 * `series: true` (a tagged series) reads only the five percentiles from the histogram and takes
 * mean, stdev, min and max from the exact sums: each histogram pass costs about 1 ms, and a metric
 * may have 1000 series.
 */
function summaryOf(type: MetricType, s: Series, series = false): CustomMetricSummary & { min?: number; max?: number } {
  if (type === 'counter') return { type, value: s.sum, count: s.count };
  if (type === 'rate') return { type, value: s.count ? s.sum / s.count : 0, count: s.count, rate: s.count ? s.sum / s.count : 0 };
  if (type === 'gauge') return { type, value: s.count ? s.sum : 0, count: s.count, ...(s.count ? { min: s.min, max: s.max } : {}) };
  const h = s.histogram!;
  const mean = s.count ? s.sum / s.count : 0;
  if (series) {
    const [p50, p90, p95, p99, p999] = s.count ? h.percentiles([50, 90, 95, 99, 99.9]).map((v) => within(Math.round(v) / 1000, s)) : [0, 0, 0, 0, 0];
    const stdev = s.count ? Math.sqrt(Math.max(0, s.sumSq / s.count - mean * mean)) : 0;
    const us = (v: number) => Math.round(v * 1000) / 1000;
    const latency = { min: s.count ? s.min : 0, mean: us(mean), stdev: us(stdev), p50: p50!, p90: p90!, p95: p95!, p99: p99!, p999: p999!, max: s.count ? s.max : 0 };
    return { type, value: mean, count: s.count, latency };
  }
  const { count: _count, ...latency } = h.summaryMs();
  // Exact extremes; the histogram's are rounded to its bucket, and so is what it reads between them.
  if (s.count) {
    Object.assign(latency, { min: s.min, max: s.max });
    for (const key of ['mean', 'p50', 'p90', 'p95', 'p99', 'p999'] as const) latency[key] = within(latency[key], s);
  }
  return { type, value: mean, count: s.count, latency };
}

/**
 * Custom metrics of a scenario (k6's Counter, Rate, Trend, Gauge). Counters add, rates count
 * true over all, trends go into an HDR histogram (values are milliseconds, stored as µs, so
 * percentiles carry 3 significant digits), gauges keep the last value. A sample may carry tags:
 * it counts in the metric's total and in the series of its tag set (at most `maxSeries` per
 * metric), and thresholds filter on them (`api_response_time{endpoint:login}`: every series whose
 * tags include the filter's). Registries from worker threads merge exactly through `snapshot()` /
 * `merge()`.
 *
 * @example
 * const metrics = new MetricRegistry({ api_errors: 'counter', api_response_time: 'trend' });
 * metrics.add('api_errors', 1);
 * metrics.add('api_response_time', 12.5, { endpoint: 'login' });
 * metrics.aggregate('api_response_time', { kind: 'percentile', p: 95 }); // 12.5
 * evaluateThresholds(scenario.thresholds, [runStatsSource, metrics]); // it is a MetricSource
 */
export class MetricRegistry implements MetricSource {
  readonly #metrics = new Map<string, MetricState>();
  readonly #types: Record<string, MetricType> = {};
  readonly #maxSeries: number;
  #seq = 0;
  /** Test time the rates of counters are computed over, ms; set by the engine before judging thresholds. */
  durationMs: number | undefined;

  constructor(definitions: Readonly<Record<string, MetricType>> = {}, options: MetricRegistryOptions = {}) {
    const max = options.maxSeries ?? DEFAULT_MAX_SERIES;
    if (!Number.isInteger(max) || max < 0) throw invalidInput({ field: 'maxSeries', value: max, expected: 'an integer of at least 0' });
    this.#maxSeries = max;
    for (const [name, type] of Object.entries(definitions)) this.#define(name, type);
  }

  #define(name: string, type: MetricType): MetricState {
    this.#types[name] = type;
    const m: MetricState = { ...newSeries(type), type, tagged: new Map(), byObject: new WeakMap(), overflow: 0 };
    this.#metrics.set(name, m);
    return m;
  }

  has(name: string): boolean {
    return this.#metrics.has(name);
  }

  /**
   * Declares a metric after construction, for code that names its metrics as it runs (an
   * Artillery processor's `events.emit('counter', name, 1)`); a metric already declared with the
   * same type is left as it is, one with another type is rejected.
   */
  define(name: string, type: MetricType): void {
    const known = this.#metrics.get(name);
    if (known === undefined) this.#define(name, type);
    else if (known.type !== type) throw invalidInput({ field: 'metric', value: name, expected: `the type it was declared with (${known.type}), not ${type}` });
  }

  typeOf(name: string): MetricType | undefined {
    return this.#metrics.get(name)?.type;
  }

  /**
   * Records one value: counters add it, rates count it true unless 0/false, trends record it (ms),
   * gauges take it. With `tags`, the value also goes to the series of that tag set. Pass the same
   * frozen object each time (a scenario's `record` entries do) and no key is built per sample.
   */
  add(name: string, value: number | boolean, tags?: MetricTags): void {
    const m = this.#metrics.get(name);
    if (m === undefined) throw invalidInput({ field: 'metric', value: name, expected: `a metric declared under metrics (${[...this.#metrics.keys()].join(', ') || 'none declared'})` });
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    const seq = ++this.#seq;
    if (tags === undefined) {
      feed(m, m.type, v, seq);
      return;
    }
    const series = this.#seriesFor(name, m, tags);
    feed(m, m.type, v, seq);
    if (series === null) m.overflow++;
    else if (series !== undefined) feed(series, m.type, v, seq);
  }

  /** The series of `tags`, created when there is room; `undefined` for no tags, `null` past the cap. */
  #seriesFor(name: string, m: MetricState, tags: MetricTags): TaggedSeries | null | undefined {
    const frozen = Object.isFrozen(tags);
    if (frozen) {
      const hit = m.byObject.get(tags);
      if (hit !== undefined) return hit;
    }
    const clean = normalizeTags(tags);
    if (Object.keys(clean).length === 0) return undefined;
    const series = this.#series(name, m, clean);
    if (frozen) m.byObject.set(tags, series);
    return series;
  }

  #series(name: string, m: MetricState, tags: Record<string, string>, key = seriesKey({ metric: name, tags })): TaggedSeries | null {
    let s = m.tagged.get(key);
    if (s === undefined) {
      if (m.tagged.size >= this.#maxSeries) return null;
      s = { ...newSeries(m.type), tags: Object.freeze(tags) };
      m.tagged.set(key, s);
    }
    return s;
  }

  /**
   * Every metric's state (or only the `only` ones) for another thread's `merge`. A series whose
   * count did not change since the last snapshot reuses its histogram's encoding.
   */
  snapshot(only?: Iterable<string>): Record<string, MetricSnapshot> {
    const out: Record<string, MetricSnapshot> = {};
    const names = only === undefined ? undefined : new Set(only);
    for (const [name, m] of this.#metrics) {
      if (names !== undefined && !names.has(name)) continue;
      const snap: MetricSnapshot = { type: m.type, ...snapshotOf(m) };
      if (m.tagged.size > 0) {
        snap.series = {};
        for (const [key, s] of m.tagged) snap.series[key] = { tags: { ...s.tags }, ...snapshotOf(s) };
      }
      if (m.overflow > 0) snap.overflow = m.overflow;
      out[name] = snap;
    }
    return out;
  }

  /** Adds a worker's snapshot; a gauge takes the snapshot's last value when it has any. */
  merge(snapshot: Readonly<Record<string, MetricSnapshot>>): this {
    for (const [name, s] of Object.entries(snapshot)) {
      const m = this.#metrics.get(name) ?? this.#define(name, s.type);
      const seq = ++this.#seq;
      mergeInto(m, m.type, s, seq);
      m.overflow += s.overflow ?? 0;
      for (const [key, from] of Object.entries(s.series ?? {})) {
        const series = this.#series(name, m, { ...from.tags }, key);
        if (series === null) m.overflow += from.count;
        else mergeInto(series, m.type, from, seq);
      }
    }
    return this;
  }

  /** The declared metrics and their types (`MetricSource`). */
  get metrics(): Readonly<Record<string, MetricType>> {
    return this.#types;
  }

  /** `MetricSource.observe`: a tag filter selects every series whose tags include the filter's. */
  observe(expression: Expression): Observation {
    const name = expression.metric;
    const m = this.#metrics.get(name);
    const filter = Object.entries(expression.tags);
    if (m === undefined || filter.length === 0) {
      const value = this.aggregate(name, expression.aggregation, this.durationMs);
      return value === null ? { value: null, reason: `no samples for ${name}` } : { value };
    }
    const matching: TaggedSeries[] = [];
    for (const s of m.tagged.values()) if (filter.every(([k, v]) => s.tags[k] === v)) matching.push(s);
    const key = seriesKey(expression);
    if (matching.length === 0 || matching.every((s) => s.count === 0)) {
      const lost = m.overflow > 0 ? ` (${m.overflow} samples of ${name} had tag sets past the ${this.#maxSeries} kept and count only in ${name})` : '';
      return { value: null, reason: `no samples for ${key}${lost}` };
    }
    let value: number | null;
    if (matching.length === 1) value = aggregateSeries(m.type, matching[0]!, expression.aggregation, this.durationMs);
    else {
      const combined = newSeries(m.type);
      const last = matching.reduce((a, b) => (b.seq > a.seq ? b : a));
      for (const s of matching) {
        if (s.count === 0) continue;
        combined.sum += m.type === 'gauge' ? 0 : s.sum;
        combined.count += s.count;
        combined.min = Math.min(combined.min, s.min);
        combined.max = Math.max(combined.max, s.max);
        if (combined.histogram && s.histogram) combined.histogram.merge(s.histogram);
      }
      if (m.type === 'gauge') combined.sum = last.sum;
      value = aggregateSeries(m.type, combined, expression.aggregation, this.durationMs);
    }
    return value === null ? { value: null, reason: `no samples for ${key}` } : { value };
  }

  /**
   * The value a threshold judges: `count`, `rate` (rate metrics: fraction true; counters: per
   * second over `durationMs`), `value`, `avg`, `min`, `max`, `med`, `p(N)`. Null when the metric
   * has no samples or the aggregation does not apply. Over every sample, tagged or not.
   */
  aggregate(name: string, aggregation: Aggregation, durationMs?: number): number | null {
    const m = this.#metrics.get(name);
    return m === undefined ? null : aggregateSeries(m.type, m, aggregation, durationMs);
  }

  /**
   * The result file's `summary.metrics`: each metric's total under its name, then each of its
   * tagged series under its series key (`api_response_time{endpoint:login}`), in key order.
   */
  summary(): Record<string, MetricTotalSummary | TaggedMetricSummary> {
    const out: Record<string, MetricTotalSummary | TaggedMetricSummary> = {};
    for (const [name, m] of this.#metrics) {
      const total: MetricTotalSummary = summaryOf(m.type, m);
      if (m.overflow > 0) total.seriesOverflow = m.overflow;
      out[name] = total;
      for (const key of [...m.tagged.keys()].sort()) {
        const s = m.tagged.get(key)!;
        out[key] = { ...summaryOf(m.type, s, true), metric: name, tags: { ...s.tags } };
      }
    }
    return out;
  }

  /**
   * Nothing left to free: the trend histograms are `SparseHistogram`s in JavaScript memory (a
   * scenario's trends are recorded in the generator, where growing WebAssembly memory would slow
   * node's socket code). Kept for callers written for the WASM histograms.
   */
  destroy(): void {}
}
