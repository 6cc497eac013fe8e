import { SparseHistogram, type Expression } from '../../core/index.js';
import type { HttpMetrics } from '../http/HttpMetrics.js';
import { bucketQuantile, type FamilyValues } from '../exposition/MetricFamily.js';
import type { PrometheusRegistry } from '../exposition/PrometheusRegistry.js';
import type { MonitorSample } from '../MonitorSample.js';

/** Metric names alert rules can use besides every registered Prometheus metric. */
export const BUILTIN_ALERT_METRICS = [
  'http_req_duration',
  'http_req_failed',
  'error_rate',
  'http_reqs',
  'http_requests_in_flight',
  'event_loop_delay',
  'event_loop_utilization',
  'cpu_percent',
  'heap_used_bytes',
  'heap_total_bytes',
  'heap_used_ratio',
  'rss_bytes',
  'external_bytes',
  'gc_pause_ms',
  'memory_growth_mb_per_hour',
  'slo_error_budget_remaining',
  'slo_burn_rate',
] as const;

function matches(tags: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const k in tags) if (labels[k] !== tags[k]) return false;
  return true;
}

function aggregate(values: number[], kind: string): number | undefined {
  if (values.length === 0) return undefined;
  switch (kind) {
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'count':
      return values.length;
    default:
      return values.reduce((a, b) => a + b, 0);
  }
}

/**
 * Resolves a threshold-grammar expression to a number from the interval just closed: built-in
 * names (`http_req_duration:p(95)`, `event_loop_delay:p(99)`, `memory_growth_mb_per_hour:value`)
 * and any registered metric by its Prometheus name (counters: `rate` per second or `count`;
 * gauges: `value`, `avg`, `min`, `max`; histograms: `p(N)` from buckets, `avg`, `count`, `rate`).
 */
export class MetricQuery {
  readonly #registry: PrometheusRegistry;
  readonly #http: HttpMetrics;
  readonly #scratch = new SparseHistogram();
  #families = new Map<string, FamilyValues>();
  #previous = new Map<string, Map<string, number>>();
  #intervalMs = 1000;
  #sample: MonitorSample | undefined;

  constructor(registry: PrometheusRegistry, http: HttpMetrics) {
    this.#registry = registry;
    this.#http = http;
  }

  /** True when rules can read `name`: a built-in name or a registered metric (`_total` optional for counters). */
  knows(name: string): boolean {
    if ((BUILTIN_ALERT_METRICS as readonly string[]).includes(name)) return true;
    const f = this.#registry.get(name) ?? this.#registry.get(`${name}_total`);
    return f !== undefined && f !== this.#http;
  }

  /** Every name `knows` accepts (counters by their `_total` name). */
  knownNames(): string[] {
    const names = new Set<string>(BUILTIN_ALERT_METRICS);
    for (const f of this.#registry.families()) if (f !== this.#http) names.add(f.name);
    return [...names];
  }

  /** The HTTP histogram is read through `http_req_duration` (HDR, per route), not its Prometheus name. */
  suggest(name: string): string | undefined {
    return name.startsWith(this.#http.name) ? 'http_req_duration' : undefined;
  }

  /** Reads every family once for this interval; call after the sample is built. */
  begin(sample: MonitorSample): void {
    this.#sample = sample;
    this.#intervalMs = sample.intervalMs;
    const next = new Map<string, FamilyValues>();
    for (const f of this.#registry.families()) if (f !== this.#http) next.set(f.name, f.read());
    // Counter rates are deltas against the previous interval's totals.
    const prevTotals = new Map<string, Map<string, number>>();
    for (const [name, f] of this.#families) {
      if (f.type === 'counter') prevTotals.set(name, new Map(f.samples.map((s) => [JSON.stringify(s.labels), s.value])));
      if (f.type === 'histogram') prevTotals.set(name, new Map(f.samples.map((s) => [JSON.stringify(s.labels), s.count])));
    }
    this.#previous = prevTotals;
    this.#families = next;
  }

  value(e: Expression): number | undefined {
    const s = this.#sample;
    if (!s) return undefined;
    const kind = e.aggregation.kind;
    const rt = s.runtime;
    switch (e.metric) {
      case 'http_req_duration':
        return this.#latency(e);
      case 'http_req_failed':
      case 'error_rate': {
        const rows = s.http.routes.filter((r) => matches(e.tags, r as unknown as Record<string, string>));
        const req = rows.reduce((a, r) => a + r.requests, 0);
        return req === 0 ? undefined : rows.reduce((a, r) => a + r.errors, 0) / req;
      }
      case 'http_reqs': {
        const rows = s.http.routes.filter((r) => matches(e.tags, r as unknown as Record<string, string>));
        const req = rows.reduce((a, r) => a + r.requests, 0);
        return kind === 'count' ? req : (req * 1000) / s.intervalMs;
      }
      case 'http_requests_in_flight':
        return s.http.inFlight;
      case 'event_loop_delay': {
        if (!rt) return undefined;
        const d = rt.eventLoopDelay;
        if (e.aggregation.kind === 'percentile') return e.aggregation.p <= 50 ? d.p50 : e.aggregation.p <= 90 ? d.p90 : d.p99;
        return kind === 'max' ? d.max : kind === 'min' ? d.min : d.mean;
      }
      case 'event_loop_utilization':
        return rt?.eventLoopUtilization;
      case 'cpu_percent':
        return rt?.cpuPercent;
      case 'heap_used_bytes':
        return rt?.heapUsedBytes;
      case 'heap_total_bytes':
        return rt?.heapTotalBytes;
      case 'heap_used_ratio':
        return rt ? rt.heapUsedBytes / rt.heapLimitBytes : undefined;
      case 'rss_bytes':
        return rt?.rssBytes;
      case 'external_bytes':
        return rt?.externalBytes;
      case 'gc_pause_ms':
        return kind === 'count' ? rt?.gc.count : rt?.gc.pauseMs;
      case 'memory_growth_mb_per_hour':
        return s.leak && s.leak.samples >= 3 ? s.leak.slopeMbPerHour : undefined;
      case 'slo_error_budget_remaining':
      case 'slo_burn_rate': {
        const slo = s.slos.find((r) => e.tags.slo === undefined || r.name === e.tags.slo);
        return slo ? (e.metric === 'slo_burn_rate' ? slo.burnRate : slo.errorBudgetRemaining) : undefined;
      }
    }
    return this.#registered(e);
  }

  #latency(e: Expression): number | undefined {
    const kind = e.aggregation.kind;
    let h: SparseHistogram;
    if (Object.keys(e.tags).length === 0) {
      h = this.#http.lastInterval;
    } else {
      h = this.#scratch;
      h.reset();
      for (const r of this.#http.routes()) if (matches(e.tags, { method: r.method, route: r.route })) h.merge(r.last);
    }
    if (h.count === 0) return undefined;
    if (e.aggregation.kind === 'percentile') return h.percentile(e.aggregation.p) / 1000;
    if (kind === 'max') return h.max / 1000;
    if (kind === 'min') return h.min / 1000;
    if (kind === 'med') return h.percentile(50) / 1000;
    if (kind === 'count') return h.count;
    if (kind === 'rate') return (h.count * 1000) / this.#intervalMs;
    return h.mean / 1000;
  }

  #registered(e: Expression): number | undefined {
    const f = this.#families.get(e.metric) ?? this.#families.get(`${e.metric}_total`);
    if (!f) return undefined;
    const kind = e.aggregation.kind;
    if (f.type === 'histogram') {
      const rows = f.samples.filter((s) => matches(e.tags, s.labels));
      if (rows.length === 0) return undefined;
      const counts = f.bounds.map(() => 0).concat(0);
      let sum = 0;
      let count = 0;
      for (const r of rows) {
        r.counts.forEach((c, i) => (counts[i]! += c));
        sum += r.sum;
        count += r.count;
      }
      if (e.aggregation.kind === 'percentile') return bucketQuantile(f.bounds, counts, e.aggregation.p / 100);
      if (kind === 'count') return count;
      if (kind === 'rate') return this.#rate(f.name, rows.map((r) => [r.labels, r.count]));
      return count === 0 ? 0 : sum / count;
    }
    const rows = f.samples.filter((s) => matches(e.tags, s.labels));
    if (f.type === 'counter' && kind === 'rate') return this.#rate(f.name, rows.map((r) => [r.labels, r.value]));
    return aggregate(
      rows.map((r) => r.value),
      kind === 'value' || kind === 'count' ? 'sum' : kind,
    );
  }

  #rate(name: string, rows: Array<[Record<string, string>, number]>): number | undefined {
    const prev = this.#previous.get(name);
    if (!prev) return undefined;
    let delta = 0;
    for (const [labels, v] of rows) delta += v - (prev.get(JSON.stringify(labels)) ?? 0);
    return (delta * 1000) / this.#intervalMs;
  }
}
