import { tmpdir } from 'node:os';
import {
  checkInteger,
  checkKnownKeys,
  invalidInput,
  LoadlineError,
  systemClock,
  type Clock,
  type CounterMetric,
  type GaugeMetric,
  type GaugeOptions,
  type HistogramMetric,
  type HistogramOptions,
  type MetricOptions,
  type MetricsSink,
  type TimerHandle,
} from '../core/index.js';
import { AlertRules, type AlertEvent, type AlertRuleOptions, type AlertState } from './alerts/AlertRules.js';
import { BearerToken } from './serve/BearerToken.js';
import { eventLoopCheck, heapCheck } from './health/builtinChecks.js';
import { kMonitor } from './checkMonitor.js';
import type { ClusterView } from './cluster/ClusterView.js';
import type { ExpositionLease } from './exposition/ExpositionBuffers.js';
import { DashboardSession } from './serve/DashboardSession.js';
import { HealthChecks, type HealthCheckFn, type HealthCheckOptions, type HealthReport } from './health/HealthChecks.js';
import { checkWritableDir, HeapSnapshots } from './runtime/HeapSnapshots.js';
import { HttpMetrics, type HttpMetricsOptions } from './http/HttpMetrics.js';
import { LeakDetector, type LeakDetectorOptions } from './runtime/LeakDetector.js';
import { MetricQuery } from './alerts/MetricQuery.js';
import { checkBuckets, PrometheusRegistry } from './exposition/PrometheusRegistry.js';
import type { MonitorSample } from './MonitorSample.js';
import { RingBuffer } from './RingBuffer.js';
import { RuntimeProbes } from './runtime/RuntimeProbes.js';
import { SloTracker, type SloOptions, type SloReport } from './alerts/SloTracker.js';
import { WebhookNotifier, type WebhookOptions } from './alerts/WebhookNotifier.js';
import { labelBlock } from './exposition/prometheusText.js';
import { checkQueryStatsSource, type QueryStatsSource } from './queries/QueryStatsSource.js';

export interface MonitorOptions {
  /** Length of one sampling interval (history point, alert evaluation, dashboard update); default 1000 ms. */
  intervalMs?: number;
  /** History kept in the ring buffer; default 300,000 ms (5 min). */
  historyWindowMs?: number;
  /** Bearer token protecting every endpoint, at least 16 visible ASCII characters; default `process.env.LOADLINE_TOKEN`, none when unset. */
  token?: string;
  /** Serve `/health/*` without the token, status only (for orchestrators' probes); default false. */
  publicHealth?: boolean;
  /** How long the health endpoints serve the last run of the checks (probes arriving during a run share it); default 1000 ms. */
  healthCacheMs?: number;
  /** Life of the dashboard's session cookie, renewed while the page is open; default 900,000 ms (15 min). */
  sessionTtlMs?: number;
  /** Time source; default the system clock. */
  clock?: Clock;
  /** Run the runtime probes (event loop, GC, heap, CPU); default true. `{ gc: false }` keeps all but the per-GC observer (and leak detection, which needs it). */
  runtime?: boolean | { gc?: boolean; eventLoopResolutionMs?: number };
  /** HTTP metrics: buckets (s), maxRoutes (default 200), errorStatus (default 500). */
  http?: HttpMetricsOptions;
  /** Label sets per registered metric before the overflow series; default 500. */
  maxSeriesPerMetric?: number;
  /** Alert rules in the threshold grammar; default none. */
  alerts?: AlertRuleOptions[];
  /** Called for every alert event (firing, level change, resolved); errors are swallowed. */
  onAlert?: (event: AlertEvent) => unknown;
  /** Webhook receiving every alert event, with retry and backoff; default none. */
  webhook?: string | Omit<WebhookOptions, 'clock'>;
  /** Service-level objectives; default none. */
  slos?: SloOptions[];
  /** Leak-trend detection on heap used after major GC; `false` turns it off; default on, 1 h window. */
  leak?: Omit<LeakDetectorOptions, 'clock'> | false;
  /** Folder heap snapshots are written to, checked writable at construction; default the OS temp folder. */
  heapSnapshotDir?: string;
  /** Register the built-in non-critical `event-loop` (p99 < 500 ms) and `heap` (< 90 %) checks; default true. */
  builtinChecks?: boolean;
  /**
   * A query monitor (`createQueryMonitor()` from `loadline/db`) to attach: its series go to
   * `/metrics`, its snapshot to `/api/performance/queries` and the dashboard's Queries panel, and
   * the adapters open a request context per request (AsyncLocalStorage) so that each query is
   * counted under its route. Default none: no request context is opened (it costs every request).
   */
  queries?: QueryStatsSource;
}

const KNOWN = ['intervalMs', 'historyWindowMs', 'token', 'publicHealth', 'healthCacheMs', 'sessionTtlMs', 'clock', 'runtime', 'http', 'maxSeriesPerMetric', 'alerts', 'onAlert', 'webhook', 'slos', 'leak', 'heapSnapshotDir', 'builtinChecks', 'queries'];

/**
 * The in-process runtime monitor: owns the probes, the per-route HTTP metrics, the metric
 * registry (it is a `MetricsSink`), health checks, alert rules, leak detection, SLOs and the
 * history ring. Create it with `createMonitor`, stop it with `stop()`.
 */
export class Monitor implements MetricsSink {
  readonly intervalMs: number;
  readonly registry: PrometheusRegistry;
  readonly http: HttpMetrics;
  readonly health: HealthChecks;
  readonly alerts: AlertRules;
  readonly leak: LeakDetector | undefined;
  readonly slos: SloTracker[];
  readonly webhook: WebhookNotifier | undefined;
  readonly token: BearerToken | undefined;
  /** The dashboard's session cookies; present when there is a token. */
  readonly session: DashboardSession | undefined;
  readonly publicHealth: boolean;
  readonly healthCacheMs: number;
  readonly heapSnapshotDir: string;
  readonly heapSnapshots: HeapSnapshots;
  readonly clock: Clock;
  readonly startedAt: number;
  /** The attached query monitor (`queries` option), or undefined. */
  readonly queries: QueryStatsSource | undefined;
  readonly #stopQueries: (() => void) | undefined;
  readonly #probes: RuntimeProbes | undefined;
  readonly #history: RingBuffer<MonitorSample>;
  readonly #query: MetricQuery;
  readonly #onAlert: MonitorOptions['onAlert'];
  readonly #listeners = new Set<(sample: MonitorSample) => void>();
  readonly #sinkNames = new Set<string>();
  readonly #stopController = new AbortController();
  #clusterView: (() => ClusterView) | undefined;
  #timer: TimerHandle | undefined;
  #lastTick: number;
  #stopped = false;

  constructor(options: MonitorOptions = {}) {
    if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object' });
    checkKnownKeys(options, KNOWN);
    this.clock = options.clock ?? systemClock;
    this.intervalMs = checkInteger(options.intervalMs ?? 1000, 'intervalMs', { min: 10 });
    const windowMs = checkInteger(options.historyWindowMs ?? 300_000, 'historyWindowMs', { min: this.intervalMs });
    this.#history = new RingBuffer(Math.ceil(windowMs / this.intervalMs));
    this.token = options.token !== undefined ? BearerToken.from(options.token, 'token') : BearerToken.from(process.env.LOADLINE_TOKEN, 'token (from LOADLINE_TOKEN)');
    const sessionTtlMs = checkInteger(options.sessionTtlMs ?? 900_000, 'sessionTtlMs', { min: 1000 });
    this.session = this.token ? new DashboardSession(this.token, this.clock, sessionTtlMs) : undefined;
    this.publicHealth = options.publicHealth ?? false;
    this.healthCacheMs = checkInteger(options.healthCacheMs ?? 1000, 'healthCacheMs', { min: 0 });
    // The default folder is not checked: a service that never takes a snapshot must start on a read-only disk.
    this.heapSnapshotDir = options.heapSnapshotDir === undefined ? tmpdir() : checkWritableDir(options.heapSnapshotDir, 'heapSnapshotDir');
    this.heapSnapshots = new HeapSnapshots({ dir: this.heapSnapshotDir, clock: this.clock });
    const h = options.http ?? {};
    if (h.maxRoutes !== undefined) checkInteger(h.maxRoutes, 'http.maxRoutes', { min: 1 });
    if (h.errorStatus !== undefined) checkInteger(h.errorStatus, 'http.errorStatus', { min: 100, max: 599 });
    if (h.buckets !== undefined) checkBuckets(h.buckets, 'http.buckets');
    this.registry = new PrometheusRegistry(options.maxSeriesPerMetric === undefined ? {} : { maxSeriesPerMetric: options.maxSeriesPerMetric });
    this.http = new HttpMetrics(h);
    this.registry.addFamily(this.http);
    this.registry.addFamily(this.http.inFlightFamily());
    this.registry.addFamily(this.http.abortedFamily());
    this.leak = options.leak === false ? undefined : new LeakDetector({ ...options.leak, clock: this.clock });
    const leak = this.leak;
    const rt = typeof options.runtime === 'object' && options.runtime !== null ? options.runtime : {};
    if (rt.eventLoopResolutionMs !== undefined) checkInteger(rt.eventLoopResolutionMs, 'runtime.eventLoopResolutionMs', { min: 1 });
    this.#probes =
      options.runtime === false
        ? undefined
        : new RuntimeProbes(this.registry, { ...rt, ...(leak ? { onMajorGc: (bytes: number) => leak.record(bytes) } : {}) });
    this.health = new HealthChecks(this.clock);
    if (options.builtinChecks !== false) {
      this.health.register('event-loop', eventLoopCheck(() => this.#probes?.last), { critical: false, liveness: true });
      this.health.register('heap', heapCheck(), { critical: false });
    }
    this.#query = new MetricQuery(this.registry, this.http);
    const query = this.#query;
    this.alerts = new AlertRules(options.alerts ?? [], this.clock, { has: (n) => query.knows(n), names: () => query.knownNames(), suggest: (n) => query.suggest(n) });
    if (options.onAlert !== undefined && typeof options.onAlert !== 'function') throw invalidInput({ field: 'onAlert', value: options.onAlert, expected: 'a function' });
    this.#onAlert = options.onAlert;
    if (options.webhook !== undefined) {
      const w = typeof options.webhook === 'string' ? { url: options.webhook } : options.webhook;
      this.webhook = new WebhookNotifier({ ...w, clock: this.clock });
    }
    if (options.slos !== undefined && !Array.isArray(options.slos)) throw invalidInput({ field: 'slos', value: options.slos, expected: 'an array of SLOs' });
    this.slos = (options.slos ?? []).map((s) => new SloTracker(s));
    this.startedAt = this.clock.wallNow();
    this.#lastTick = this.clock.now();
    this.queries = options.queries === undefined ? undefined : checkQueryStatsSource(options.queries, 'queries');
    // To the registry, not through the monitor's own sink methods: its per-statement series go to
    // /metrics and alert rules, but not into every sample (the Queries panel shows them instead).
    this.#stopQueries = this.queries?.reportTo(this.registry);
  }

  /** Starts the probes and the interval timer (`createMonitor` does this). */
  start(): this {
    if (this.#timer || this.#stopped) return this;
    this.#probes?.start();
    this.#lastTick = this.clock.now();
    this.#schedule();
    return this;
  }

  /** Stops timers and probes, ends dashboard streams and webhook retries, frees histogram memory. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#probes?.stop();
    this.#stopQueries?.();
    this.webhook?.close();
    this.#listeners.clear();
    this.#stopController.abort();
    this.http.destroy();
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Marks monitors for `checkMonitor` (across duplicated installs, unlike `instanceof`). */
  get [kMonitor](): true {
    return true;
  }

  counter(options: MetricOptions): CounterMetric {
    const m = this.registry.counter(options);
    this.#sinkNames.add(options.name.endsWith('_total') ? options.name : `${options.name}_total`);
    return m;
  }

  gauge(options: GaugeOptions): GaugeMetric {
    const m = this.registry.gauge(options);
    this.#sinkNames.add(options.name);
    return m;
  }

  histogram(options: HistogramOptions): HistogramMetric {
    const m = this.registry.histogram(options);
    this.#sinkNames.add(options.name);
    return m;
  }

  /**
   * Adds a health check; it passes unless it throws, rejects, returns false or exceeds `timeoutMs`.
   *
   * @example
   * monitor.registerCheck('redis', redisCheck(redis), { timeoutMs: 500, critical: true });
   */
  registerCheck(name: string, fn: HealthCheckFn, options?: HealthCheckOptions): this {
    this.health.register(name, fn, options);
    return this;
  }

  checkHealth(kind: 'live' | 'ready' = 'ready'): Promise<HealthReport> {
    return this.health.run(kind);
  }

  /** Turns readiness unhealthy (first step of a graceful shutdown). */
  beginShutdown(): void {
    this.health.shuttingDown = true;
  }

  /** Prometheus text exposition of every metric. */
  renderPrometheus(): string {
    return this.registry.render();
  }

  /** `renderPrometheus()` as the UTF-8 bytes `/metrics` writes (no string of the whole text). */
  renderPrometheusBytes(): Buffer {
    return this.registry.renderBytes();
  }

  /** `renderPrometheusBytes()` in a buffer reused across scrapes; see `PrometheusRegistry.leaseBytes`. */
  leasePrometheusBytes(): ExpositionLease {
    return this.registry.leaseBytes();
  }

  latest(): MonitorSample | undefined {
    return this.#history.last();
  }

  history(): MonitorSample[] {
    return this.#history.toArray();
  }

  /** Aborted when the monitor stops (ends dashboard streams). */
  get signal(): AbortSignal {
    return this.#stopController.signal;
  }

  /** Calls `listener` with every new sample; returns the unsubscribe function. */
  onSample(listener: (sample: MonitorSample) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Where the workers' runtime figures come from (`aggregateCluster` sets it); returns the function that unsets it. */
  setClusterView(view: () => ClusterView): () => void {
    this.#clusterView = view;
    return () => {
      if (this.#clusterView === view) this.#clusterView = undefined;
    };
  }

  /** The workers' runtime figures, now; undefined unless this monitor aggregates a cluster. */
  cluster(): ClusterView | undefined {
    return this.#clusterView?.();
  }

  sloReports(): SloReport[] {
    const now = this.clock.now();
    return this.slos.map((s) => s.report(now));
  }

  /** Closes the current interval now: samples, evaluates alerts and SLOs, appends to history. */
  tick(): MonitorSample {
    if (this.#stopped) throw new LoadlineError('LOADLINE_MONITOR_STOPPED', 'the monitor is stopped; create a new one');
    const now = this.clock.now();
    const elapsed = Math.max(1, now - this.#lastTick);
    this.#lastTick = now;
    const http = this.http.closeInterval(elapsed);
    for (const slo of this.slos) slo.add(...this.#sloCounts(slo), now);
    const sample: MonitorSample = {
      t: this.clock.wallNow(),
      intervalMs: elapsed,
      ...(this.#probes ? { runtime: this.#probes.sample() } : {}),
      ...(this.#clusterView ? { cluster: this.#clusterView() } : {}),
      http,
      ...(this.leak ? { leak: this.leak.report() } : {}),
      slos: this.sloReports(),
      alerts: [],
      metrics: this.#sinkValues(),
    };
    this.#query.begin(sample);
    sample.alerts = this.alerts.evaluate((e) => this.#query.value(e), (event) => this.#notify(event));
    this.#history.push(sample);
    for (const l of this.#listeners) l(sample);
    return sample;
  }

  #sloCounts(slo: SloTracker): [number, number] {
    const tags = slo.tags;
    let good = 0;
    let total = 0;
    for (const r of this.http.routes()) {
      if ((tags.route !== undefined && tags.route !== r.route) || (tags.method !== undefined && tags.method !== r.method)) continue;
      const n = r.last.count;
      if (n === 0) continue;
      total += n;
      if (slo.kind === 'availability') {
        good += n - r.lastErrors;
      } else {
        good += r.last.countAtOrBelow(slo.latencyMs * 1000);
      }
    }
    return [good, total];
  }

  #sinkValues(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const name of this.#sinkNames) {
      const f = this.registry.get(name)?.read();
      if (!f) continue;
      if (f.type === 'histogram') {
        for (const s of f.samples) out[`${name}_count${labelBlock(Object.keys(s.labels), Object.values(s.labels))}`] = s.count;
      } else {
        for (const s of f.samples) out[`${name}${labelBlock(Object.keys(s.labels), Object.values(s.labels))}`] = s.value;
      }
    }
    return out;
  }

  #notify(event: AlertEvent): void {
    if (this.#onAlert) {
      try {
        Promise.resolve(this.#onAlert(event)).catch(() => undefined);
      } catch {
        // a user hook never breaks the monitor
      }
    }
    this.webhook?.send(event);
  }

  #schedule(): void {
    this.#timer = this.clock.setTimeout(() => {
      if (this.#stopped) return;
      this.tick();
      this.#schedule();
    }, this.intervalMs);
    this.#timer.unref?.();
  }
}

export type { AlertState };
