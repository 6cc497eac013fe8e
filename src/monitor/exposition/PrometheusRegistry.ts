import {
  checkInteger,
  checkString,
  describeValue,
  invalidInput,
  LoadlineError,
  type CounterMetric,
  type GaugeMetric,
  type GaugeOptions,
  type HistogramMetric,
  type HistogramOptions,
  type Labels,
  type MetricOptions,
  type MetricsSink,
} from '../../core/index.js';
import { ExpositionBuffers, type ExpositionLease } from './ExpositionBuffers.js';
import { ExpositionBytes } from './ExpositionBytes.js';
import { LabelledSeries } from './LabelledSeries.js';
import { labelsOf, type FamilyValues, type MetricFamily, type MetricType } from './MetricFamily.js';
import { familyHeader, formatValue, isLabelName, isMetricName, labelBlock } from './prometheusText.js';

/** prom-client's default buckets, in seconds. */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Rejects bucket bounds that are empty, not finite or not strictly ascending. */
export function checkBuckets(bounds: unknown, field: string): readonly number[] {
  if (!Array.isArray(bounds) || bounds.length === 0 || bounds.some((b, i) => typeof b !== 'number' || !Number.isFinite(b) || (i > 0 && b <= (bounds[i - 1] as number)))) {
    throw invalidInput({ field, value: bounds, expected: 'a non-empty array of finite numbers in strictly ascending order' });
  }
  return bounds as number[];
}

export interface PrometheusRegistryOptions {
  /** Distinct label sets kept per metric before new ones fold into the overflow series; default 500. */
  maxSeriesPerMetric?: number;
}

/** A recording call's bad value, named as it is (`invalidInput` prints through JSON, where NaN and the infinities read null). */
function badValue(field: string, value: unknown, expected: string): LoadlineError {
  const got = typeof value === 'number' ? String(value) : describeValue(value);
  return new LoadlineError('LOADLINE_INVALID_OPTION', `${field}: got ${got}, expected ${expected}`, { field, value, expected });
}

interface Scalar {
  value: number;
}

interface Buckets {
  counts: Float64Array;
  sum: number;
  count: number;
}

abstract class SinkFamily<S> implements MetricFamily {
  abstract readonly type: MetricType;
  readonly series: LabelledSeries<S>;
  constructor(
    readonly name: string,
    readonly help: string,
    labelNames: readonly string[],
    maxSeries: number,
    create: () => S,
  ) {
    this.series = new LabelledSeries(labelNames, maxSeries, create);
  }
  abstract render(): string;
  abstract read(): FamilyValues;
}

class CounterFamily extends SinkFamily<Scalar> implements CounterMetric {
  readonly type = 'counter';
  inc(value = 1, labels?: Labels): void {
    // As prom-client: a counter only goes up by a real amount (a NaN or an infinity would stick for good).
    if (!(value >= 0 && value !== Infinity)) throw badValue(`${this.name}.inc(value)`, value, 'a finite number at least 0');
    this.series.get(labels).value += value;
  }
  render(): string {
    return renderScalars(this, 'counter');
  }
  read(): FamilyValues {
    return readScalars(this, 'counter');
  }
}

class GaugeFamily extends SinkFamily<Scalar> implements GaugeMetric {
  readonly type = 'gauge';
  collect: GaugeOptions['collect'];
  set(value: number, labels?: Labels): void {
    this.series.get(labels).value = value;
  }
  inc(value = 1, labels?: Labels): void {
    this.series.get(labels).value += value;
  }
  dec(value = 1, labels?: Labels): void {
    this.series.get(labels).value -= value;
  }
  /** Runs the `collect` callback, if any; a throwing callback leaves the last values. */
  refresh(): void {
    if (!this.collect) return;
    let got: ReturnType<NonNullable<GaugeOptions['collect']>>;
    try {
      got = this.collect();
    } catch {
      return;
    }
    if (typeof got === 'number') {
      this.series.get(undefined).value = got;
      return;
    }
    this.series.clear();
    for (const { labels, value } of got) this.series.get(labels).value = value;
  }
  render(): string {
    this.refresh();
    return renderScalars(this, 'gauge');
  }
  read(): FamilyValues {
    this.refresh();
    return readScalars(this, 'gauge');
  }
}

class HistogramFamily extends SinkFamily<Buckets> implements HistogramMetric {
  readonly type = 'histogram';
  readonly bounds: readonly number[];
  readonly #le: string[];
  constructor(name: string, help: string, labelNames: readonly string[], maxSeries: number, bounds: readonly number[]) {
    super(name, help, labelNames, maxSeries, () => ({ counts: new Float64Array(bounds.length + 1), sum: 0, count: 0 }));
    this.bounds = bounds;
    this.#le = [...bounds.map(formatValue), '+Inf'];
  }
  observe(value: number, labels?: Labels): void {
    if (!Number.isFinite(value)) throw badValue(`${this.name}.observe(value)`, value, 'a finite number');
    const s = this.series.get(labels);
    const b = this.bounds;
    let i = 0;
    while (i < b.length && value > b[i]!) i++;
    s.counts[i]!++;
    s.sum += value;
    s.count++;
  }
  render(): string {
    if (this.series.size === 0) return '';
    let out = familyHeader(this.name, this.help, 'histogram');
    const names = [...this.series.labelNames, 'le'];
    for (const { values, state } of this.series.entries()) {
      let cumulative = 0;
      for (let i = 0; i < this.#le.length; i++) {
        cumulative += state.counts[i]!;
        out += `${this.name}_bucket${labelBlock(names, [...values, this.#le[i]!])} ${cumulative}\n`;
      }
      const block = labelBlock(this.series.labelNames, values);
      out += `${this.name}_sum${block} ${formatValue(state.sum)}\n${this.name}_count${block} ${state.count}\n`;
    }
    return out;
  }
  read(): FamilyValues {
    const samples = [];
    for (const { values, state } of this.series.entries()) {
      samples.push({ labels: labelsOf(this.series.labelNames, values), count: state.count, sum: state.sum, counts: Array.from(state.counts) });
    }
    return { name: this.name, help: this.help, type: 'histogram', bounds: [...this.bounds], samples };
  }
}

function renderScalars(family: SinkFamily<Scalar>, type: 'counter' | 'gauge'): string {
  if (family.series.size === 0) return '';
  let out = familyHeader(family.name, family.help, type);
  for (const { values, state } of family.series.entries()) {
    out += `${family.name}${labelBlock(family.series.labelNames, values)} ${formatValue(state.value)}\n`;
  }
  return out;
}

function readScalars(family: SinkFamily<Scalar>, type: 'counter' | 'gauge'): FamilyValues {
  const samples = [];
  for (const { values, state } of family.series.entries()) samples.push({ labels: labelsOf(family.series.labelNames, values), value: state.value });
  return { name: family.name, help: family.help, type, samples };
}

/**
 * The monitor's metric store and its `MetricsSink`: what the cache, guard and db pillars and user
 * code register through. Registering a name again returns the same metric; registering it with
 * another type or other labels throws. Counter names get the `_total` suffix Prometheus expects
 * when they lack it.
 *
 * @example
 * const registry = new PrometheusRegistry();
 * const hits = registry.counter({ name: 'app_cache_hits_total', help: 'Cache hits.', labelNames: ['tier'] });
 * hits.inc(1, { tier: 'l1' });
 * registry.render(); // Prometheus text
 */
export class PrometheusRegistry implements MetricsSink {
  readonly maxSeriesPerMetric: number;
  readonly #families = new Map<string, MetricFamily>();
  readonly #buffers = new ExpositionBuffers();

  constructor(options: PrometheusRegistryOptions = {}) {
    this.maxSeriesPerMetric = checkInteger(options.maxSeriesPerMetric ?? 500, 'maxSeriesPerMetric', { min: 1 });
  }

  counter(options: MetricOptions): CounterMetric {
    const name = options.name?.endsWith('_total') ? options.name : `${options.name}_total`;
    return this.#register({ ...options, name }, 'counter', (n, h, l) => new CounterFamily(n, h, l, this.maxSeriesPerMetric, () => ({ value: 0 }))) as CounterFamily;
  }

  gauge(options: GaugeOptions): GaugeMetric {
    const family = this.#register(options, 'gauge', (n, h, l) => new GaugeFamily(n, h, l, this.maxSeriesPerMetric, () => ({ value: 0 }))) as GaugeFamily;
    if (options.collect) {
      if (typeof options.collect !== 'function') throw invalidInput({ field: `${options.name}.collect`, value: options.collect, expected: 'a function' });
      family.collect = options.collect;
    }
    return family;
  }

  histogram(options: HistogramOptions): HistogramMetric {
    const bounds = checkBuckets(options.buckets ?? DEFAULT_BUCKETS, `${options.name}.buckets`);
    const family = this.#register(options, 'histogram', (n, h, l) => new HistogramFamily(n, h, l, this.maxSeriesPerMetric, bounds)) as HistogramFamily;
    return family;
  }

  /** Adds a family computed elsewhere (runtime probes, HTTP metrics); its name must be free. */
  addFamily(family: MetricFamily): void {
    if (this.#families.has(family.name)) throw invalidInput({ field: 'name', value: family.name, expected: 'a metric name not registered yet' });
    this.#families.set(family.name, family);
  }

  get(name: string): MetricFamily | undefined {
    return this.#families.get(name);
  }

  families(): IterableIterator<MetricFamily> {
    return this.#families.values();
  }

  /** Every family in Prometheus text format. */
  render(): string {
    return this.renderBytes().toString('utf8');
  }

  /** Every family in Prometheus text format, as the UTF-8 bytes a scrape writes. */
  renderBytes(): Buffer {
    return this.#exposition().toBuffer();
  }

  /**
   * `renderBytes()` in a buffer reused across scrapes (no fresh megabyte to fault in each time).
   * Release the lease once the bytes are written; until then the next scrape takes another buffer.
   *
   * @example
   * const lease = registry.leaseBytes();
   * res.once('close', lease.release);
   * res.end(lease.bytes);
   */
  leaseBytes(): ExpositionLease {
    const out = this.#exposition();
    return this.#buffers.lease(out.length, (target) => out.copyInto(target));
  }

  #exposition(): ExpositionBytes {
    const out = new ExpositionBytes();
    for (const family of this.#families.values()) {
      if (family.renderBytes) family.renderBytes(out);
      else out.pushText(family.render());
    }
    return out;
  }

  /** Series folded into overflow buckets, per metric name (only metrics that overflowed). */
  overflows(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const f of this.#families.values()) if (f instanceof SinkFamily && f.series.overflowed > 0) out[f.name] = f.series.overflowed;
    return out;
  }

  #register(options: MetricOptions, type: MetricType, create: (name: string, help: string, labelNames: readonly string[]) => MetricFamily): MetricFamily {
    if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an object with name and help' });
    const name = checkString(options.name, 'name');
    if (!isMetricName(name)) throw invalidInput({ field: 'name', value: name, expected: 'a Prometheus metric name (letters, digits, _ and :, not starting with a digit)' });
    const help = checkString(options.help, `${name}.help`);
    const labelNames = options.labelNames ?? [];
    for (const l of labelNames) {
      if (typeof l !== 'string' || !isLabelName(l)) throw invalidInput({ field: `${name}.labelNames`, value: l, expected: 'a Prometheus label name (not "le", not starting with "__")' });
    }
    const existing = this.#families.get(name);
    if (existing) {
      const sameLabels = existing instanceof SinkFamily && existing.series.labelNames.join() === labelNames.join();
      if (existing.type !== type || !sameLabels) {
        throw invalidInput({ field: 'name', value: name, expected: `the same type and labels as its first registration (${existing.type})` });
      }
      return existing;
    }
    const family = create(name, help, [...labelNames]);
    // An unlabelled metric exists from registration (a counter reads 0 before its first event).
    if (labelNames.length === 0 && family instanceof SinkFamily) family.series.get(undefined);
    this.#families.set(name, family);
    return family;
  }
}

/** @deprecated since 0.2.0: use PrometheusRegistryOptions */
export type MetricRegistryOptions = PrometheusRegistryOptions;

/** @deprecated since 0.2.0: use PrometheusRegistry (the load engine's scenario metrics have their own MetricRegistry) */
export const MetricRegistry = PrometheusRegistry;
/** @deprecated since 0.2.0: use PrometheusRegistry */
export type MetricRegistry = PrometheusRegistry;
