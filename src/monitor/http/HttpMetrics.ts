import { LatencyRecorder, SparseHistogram, type LatencySummaryMs } from '../../core/index.js';
import { DEFAULT_BUCKETS } from '../exposition/PrometheusRegistry.js';
import type { FamilyValues, MetricFamily } from '../exposition/MetricFamily.js';
import { OVERFLOW_LABEL_VALUE } from '../exposition/LabelledSeries.js';
import { ExpositionBytes } from '../exposition/ExpositionBytes.js';
import { escapeLabelValue, familyHeader, formatValue } from '../exposition/prometheusText.js';
import { StatusClassSeries } from './StatusClassSeries.js';

const STATUS_CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx'] as const;
/** The percentiles each route's interval reports, read in one pass over its histogram. */
const ROUTE_PERCENTILES = [50, 95, 99];

/** All requests of one method and route template. */
export class RouteStats {
  readonly interval = new SparseHistogram();
  /** Per-request front of `interval`: flushed into it at each interval close. */
  readonly pending = new LatencyRecorder([this.interval], { slotBits: 9 });
  /** The interval closed last (alert rules and SLOs read it). */
  readonly last = new SparseHistogram();
  readonly total = new SparseHistogram();
  readonly byClass: (StatusClassSeries | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined];
  intervalRequests = 0;
  intervalErrors = 0;
  /** Requests and errors of the interval closed last. */
  lastRequests = 0;
  lastErrors = 0;
  requests = 0;
  errors = 0;
  /** Requests of this method and route whose client went away before the response finished. */
  aborted = 0;
  constructor(
    readonly method: string,
    readonly route: string,
  ) {}
}

/** Latest interval of one route, as served in JSON and on the dashboard (latency in ms). */
export interface RouteInterval {
  method: string;
  route: string;
  requests: number;
  rps: number;
  errors: number;
  errorRate: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface HttpInterval {
  requests: number;
  rps: number;
  errors: number;
  errorRate: number;
  inFlight: number;
  latency: LatencySummaryMs;
  routes: RouteInterval[];
}

/** What a cluster worker sends its primary each interval: only what happened since the last one. */
export interface HttpDelta {
  routes: Array<{ method: string; route: string; hdr: string; requests: number; errors: number; classes: Array<{ cls: number; counts: number[]; sum: number }> }>;
  inFlight: number;
}

export interface HttpMetricsOptions {
  /** Bucket upper bounds in seconds; default prom-client's (5 ms .. 10 s). */
  buckets?: readonly number[];
  /** Distinct method x route pairs kept before new ones fold into route `__overflow__`; default 200. */
  maxRoutes?: number;
  /** Lowest status counted as an error; default 500. */
  errorStatus?: number;
}

/**
 * Per-route RED metrics: request counts, errors, in-flight, Prometheus fixed-bucket histograms
 * (seconds) and HDR histograms (µs) for exact percentiles. `record` is the per-request hot path:
 * two map lookups, a bucket scan and one HDR record, no allocation once a route is known. The HDR
 * histograms are `SparseHistogram`s, in JavaScript memory: this runs inside the user's service,
 * where growing WebAssembly memory would slow node's own typed-array code for good (see
 * `SparseHistogram`).
 */
export class HttpMetrics implements MetricFamily {
  readonly name = 'http_request_duration_seconds';
  readonly help = 'Duration of HTTP requests in seconds, by method, route template and status class.';
  readonly type = 'histogram';
  readonly bounds: readonly number[];
  readonly maxRoutes: number;
  readonly errorStatus: number;
  inFlight = 0;
  /** Requests whose client went away before the response finished, all routes together. */
  aborted = 0;
  readonly #le: string[];
  readonly #routes = new Map<string, Map<string, RouteStats>>();
  #size = 0;
  #destroyed = false;
  readonly #all: RouteStats[] = [];
  readonly #intervalTotal = new SparseHistogram();
  readonly #header = Buffer.from(familyHeader(this.name, this.help, 'histogram'), 'utf8');

  constructor(options: HttpMetricsOptions = {}) {
    this.bounds = options.buckets ?? DEFAULT_BUCKETS;
    this.maxRoutes = options.maxRoutes ?? 200;
    this.errorStatus = options.errorStatus ?? 500;
    this.#le = [...this.bounds.map(formatValue), '+Inf'];
  }

  /** The family for `http_requests_in_flight`. */
  inFlightFamily(): MetricFamily {
    const self = this;
    const name = 'http_requests_in_flight';
    const help = 'HTTP requests being served right now.';
    return {
      name,
      help,
      type: 'gauge',
      render: () => `${familyHeader(name, help, 'gauge')}${name} ${self.inFlight}\n`,
      read: () => ({ name, help, type: 'gauge', samples: [{ labels: {}, value: self.inFlight }] }),
    };
  }

  /** The family for `http_requests_aborted_total`. */
  abortedFamily(): MetricFamily {
    const self = this;
    const name = 'http_requests_aborted_total';
    const help = 'HTTP requests whose client disconnected before the response finished.';
    return {
      name,
      help,
      type: 'counter',
      render: () => {
        let out = familyHeader(name, help, 'counter');
        for (const s of self.#all) if (s.aborted > 0) out += `${name}{method="${escapeLabelValue(s.method)}",route="${escapeLabelValue(s.route)}"} ${s.aborted}\n`;
        return out;
      },
      read: () => ({ name, help, type: 'counter', samples: self.#all.filter((s) => s.aborted > 0).map((s) => ({ labels: { method: s.method, route: s.route }, value: s.aborted })) }),
    };
  }

  /**
   * Counts an aborted request under its method and route template (bounded like every route
   * label: past `maxRoutes` it lands on the overflow route). Aborts are rare: this is off the
   * per-request path.
   */
  recordAbort(method: string, route: string): void {
    this.aborted++;
    this.stats(method, route).aborted++;
  }

  /** The record of one method and route template (the overflow route's once `maxRoutes` are known); stable for a given pair. */
  stats(method: string, route: string): RouteStats {
    let byMethod = this.#routes.get(route);
    let stats = byMethod?.get(method);
    if (stats) return stats;
    if (this.#size >= this.maxRoutes) {
      route = OVERFLOW_LABEL_VALUE;
      byMethod = this.#routes.get(route);
      stats = byMethod?.get(method);
      if (stats) return stats;
    }
    if (!byMethod) this.#routes.set(route, (byMethod = new Map()));
    stats = new RouteStats(method, route);
    byMethod.set(method, stats);
    this.#all.push(stats);
    if (route !== OVERFLOW_LABEL_VALUE) this.#size++;
    return stats;
  }

  /** Records one finished request; `durationMs` from `performance.now()` differences. Ignored once destroyed. */
  record(method: string, route: string, status: number, durationMs: number): void {
    if (this.#destroyed) return;
    this.recordInto(this.stats(method, route), status, durationMs);
  }

  /** `record` for a route record already resolved with `stats` (the adapters keep it between requests). */
  recordInto(stats: RouteStats, status: number, durationMs: number): void {
    if (this.#destroyed) return;
    let cls = (status / 100) | 0;
    if (cls < 0 || cls > 5) cls = 0;
    let series = stats.byClass[cls];
    if (series === undefined) series = stats.byClass[cls] = new StatusClassSeries(this.name, stats.method, stats.route, STATUS_CLASSES[cls]!, this.#le);
    const seconds = durationMs / 1000;
    const b = this.bounds;
    let i = 0;
    while (i < b.length && seconds > b[i]!) i++;
    series.counts[i]!++;
    series.sum += seconds;
    series.count++;
    stats.pending.record(durationMs * 1000);
    stats.intervalRequests++;
    if (status >= this.errorStatus) stats.intervalErrors++;
  }

  /**
   * Closes the current interval: per-route and overall figures for the last `intervalMs`, and the
   * interval's histograms folded into the cumulative ones.
   */
  closeInterval(intervalMs: number): HttpInterval {
    const perSecond = intervalMs > 0 ? 1000 / intervalMs : 0;
    const total = this.#intervalTotal;
    total.reset();
    let requests = 0;
    let errors = 0;
    const routes: RouteInterval[] = [];
    for (const s of this.#all) {
      s.pending.flush();
      if (s.intervalRequests > 0) {
        const [p50, p95, p99] = s.interval.percentiles(ROUTE_PERCENTILES);
        routes.push({
          method: s.method,
          route: s.route,
          requests: s.intervalRequests,
          rps: s.intervalRequests * perSecond,
          errors: s.intervalErrors,
          errorRate: s.intervalErrors / s.intervalRequests,
          p50: p50! / 1000,
          p95: p95! / 1000,
          p99: p99! / 1000,
          max: s.interval.max / 1000,
        });
        total.merge(s.interval);
        s.total.merge(s.interval);
      }
      requests += s.intervalRequests;
      errors += s.intervalErrors;
      s.last.reset();
      if (s.intervalRequests > 0) s.last.merge(s.interval);
      s.lastRequests = s.intervalRequests;
      s.lastErrors = s.intervalErrors;
      s.requests += s.intervalRequests;
      s.errors += s.intervalErrors;
      s.interval.reset();
      s.intervalRequests = 0;
      s.intervalErrors = 0;
    }
    return { requests, rps: requests * perSecond, errors, errorRate: requests ? errors / requests : 0, inFlight: this.inFlight, latency: total.summaryMs(), routes };
  }

  /** Histogram of the interval just closed (all routes); valid until the next `closeInterval`. */
  get lastInterval(): SparseHistogram {
    return this.#intervalTotal;
  }

  /** Moves buffered latencies into each route's interval histogram (before reading it mid-interval). */
  flushPending(): void {
    if (this.#destroyed) return;
    for (const s of this.#all) s.pending.flush();
  }

  routes(): readonly RouteStats[] {
    return this.#all;
  }

  /** Everything recorded since the last call, for a cluster primary: the interval closed last plus bucket counts not sent yet (call after `closeInterval`). */
  drainDelta(): HttpDelta {
    const routes: HttpDelta['routes'] = [];
    for (const s of this.#all) {
      const classes: HttpDelta['routes'][number]['classes'] = [];
      for (let cls = 0; cls < s.byClass.length; cls++) {
        const series = s.byClass[cls];
        if (!series) continue;
        const counts = Array.from(series.counts, (c, i) => c - series.exported[i]!);
        if (counts.every((c) => c === 0)) continue;
        classes.push({ cls, counts, sum: series.sum - series.exportedSum });
        series.exported.set(series.counts);
        series.exportedSum = series.sum;
      }
      if (s.lastRequests === 0 && classes.length === 0) continue;
      routes.push({ method: s.method, route: s.route, hdr: s.lastRequests > 0 ? s.last.encode() : '', requests: s.lastRequests, errors: s.lastErrors, classes });
      s.lastRequests = 0;
      s.lastErrors = 0;
    }
    return { routes, inFlight: this.inFlight };
  }

  /** Adds a worker's delta into this (primary's) metrics, merging HDR histograms exactly. */
  applyDelta(delta: HttpDelta): void {
    if (this.#destroyed) return;
    for (const r of delta.routes) {
      const stats = this.stats(r.method, r.route);
      if (r.hdr !== '') {
        stats.interval.merge(SparseHistogram.decode(r.hdr));
      }
      stats.intervalRequests += r.requests;
      stats.intervalErrors += r.errors;
      for (const c of r.classes) {
        let series = stats.byClass[c.cls];
        if (!series) series = stats.byClass[c.cls] = new StatusClassSeries(this.name, stats.method, stats.route, STATUS_CLASSES[c.cls] ?? '0xx', this.#le);
        for (let i = 0; i < series.counts.length; i++) {
          const n = c.counts[i] ?? 0;
          series.counts[i]! += n;
          series.count += n;
        }
        series.sum += c.sum;
      }
    }
  }

  /** Appends the family's exposition; series that took no request since the last scrape reuse their bytes. */
  renderBytes(out: ExpositionBytes): void {
    let header = true;
    for (const s of this.#all) {
      for (const series of s.byClass) {
        if (series === undefined) continue;
        if (header) {
          out.push(this.#header);
          header = false;
        }
        out.push(series.bytes());
      }
    }
  }

  render(): string {
    const out = new ExpositionBytes();
    this.renderBytes(out);
    return out.toBuffer().toString('utf8');
  }

  read(): FamilyValues {
    const samples = [];
    for (const s of this.#all) {
      for (let cls = 0; cls < s.byClass.length; cls++) {
        const series = s.byClass[cls];
        if (series) samples.push({ labels: { method: s.method, route: s.route, status_code: STATUS_CLASSES[cls]! }, count: series.count, sum: series.sum, counts: Array.from(series.counts) });
      }
    }
    return { name: this.name, help: this.help, type: 'histogram', bounds: [...this.bounds], samples };
  }

  /** Stops recording: later records and deltas are ignored (a server may outlive its monitor). */
  destroy(): void {
    this.#destroyed = true;
  }
}
