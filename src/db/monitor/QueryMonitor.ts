import { currentRequestContext, type RequestContext } from '../../core/requestContext.js';
import type { MetricsSink } from '../../core/metricsSink.js';
import { errorCodeOf, type DbTarget } from '../driverTypes.js';
import { FingerprintCache } from '../fingerprint/FingerprintCache.js';
import { AutoExplainer } from '../explain/AutoExplainer.js';
import type { ExplainResult } from '../explain/types.js';
import { NPlusOneLog, type NPlusOneFinding } from '../nplusone/NPlusOneLog.js';
import { activeScopes } from '../nplusone/QueryScope.js';
import { RequestQueries } from '../nplusone/RequestQueries.js';
import { captureCallSite, captureStack, resolveCallSite, type CallSite, type StackCapture } from './callSite.js';
import { nowUs } from './nowUs.js';
import { resolveQueryMonitorOptions, type QueryMonitorOptions, type ResolvedQueryMonitorOptions } from './options.js';
import { QueryMetrics } from './queryMetrics.js';
import { copyParams, SlowQueryLog, type SlowQuery } from './SlowQueryLog.js';
import { latencyMsOf, OVERFLOW_ROUTE, StatementStats, type DbDriver, type RoutePairBudget, type RouteTotals, type StatementLatencyMs, type StatementSnapshot } from './StatementStats.js';

/** Route key of queries run in a request before its route was known (middleware before routing). */
export const UNROUTED = '__unrouted__';

/** A pool or database the monitor reports on beside its statements. */
export interface DbSourceStats {
  readonly kind: 'pg-pool' | 'sqlite';
  readonly name: string;
  snapshot(): object;
}

/** An async call in flight, between `startCall` and `finishCall`. */
export interface PendingCall {
  readonly statement: StatementStats;
  readonly ctx: RequestContext | undefined;
  readonly queries: RequestQueries | undefined;
  readonly stack: StackCapture | undefined;
  /** Set again when a pool's query reaches its connection: the wait is not the statement's time. */
  startUs: number;
}

/** A route's share of database time, from the queries run within its requests. */
export interface RouteQueriesSnapshot {
  route: string;
  queries: number;
  totalMs: number;
  /**
   * The route's statements, most time first (top 20), with their share of the route's database
   * time (0..1) and their HDR latency within this route alone.
   */
  statements: Array<{ id: string; text: string; calls: number; totalMs: number; share: number; latencyMs: StatementLatencyMs }>;
}

/** What `snapshot()` returns: plain JSON, for the monitor's endpoints, the dashboard and the report. */
export interface QueryMonitorSnapshot {
  format: 'loadline.db.queries';
  /** Wall-clock ms of the snapshot. */
  takenAt: number;
  slowMs: number;
  nPlusOneThreshold: number;
  /** Distinct fingerprints held (the overflow entry not counted) and the cap. */
  statementCount: number;
  maxStatements: number;
  /** Route-statement pairs with their own entry and latency (statements' `__overflow__` route entries not counted), and the cap. */
  routeStatementCount: number;
  maxRouteStatements: number;
  /** Top statements by total time. */
  statements: StatementSnapshot[];
  routes: RouteQueriesSnapshot[];
  nPlusOne: NPlusOneFinding[];
  /** Slow statements, newest first, and how many there were in all. */
  slow: SlowQuery[];
  slowTotal: number;
  pools: object[];
  sqlite: object[];
  /** Automatic explains of slow statements, by statement id. */
  explains: ExplainResult[];
}

export interface SnapshotOptions {
  /** Statements listed, most total time first; default 50. */
  top?: number;
}

/**
 * The store every instrumented driver reports to: per-fingerprint statistics, per-route time,
 * the slow log, N+1 findings, pool and SQLite statistics. Drivers call `statement`, then
 * `recordSync` (better-sqlite3, still in the caller's stack) or `startCall`/`finishCall`
 * (node-postgres); everything else reads.
 *
 * @example
 * const queries = createQueryMonitor({ slowMs: 50 });
 * instrumentPg(pool, { monitor: queries });
 * queries.reportTo(monitor.metrics); // Prometheus series through the core metrics sink
 * queries.snapshot().statements[0]; // the statement with the most total time
 */
export class QueryMonitor {
  readonly options: ResolvedQueryMonitorOptions;
  readonly #slowUs: number;
  readonly #statements: FingerprintCache<StatementStats>;
  readonly #slow: SlowQueryLog;
  readonly #nPlusOne: NPlusOneLog;
  readonly #routes = new Map<string, RouteTotals>();
  readonly #pairs: RoutePairBudget;
  readonly #sources: DbSourceStats[] = [];
  readonly #metrics = new Set<QueryMetrics>();
  readonly #explainer: AutoExplainer | undefined;
  readonly #alwaysTrace: boolean;
  /** Repeats within one request whose stacks may be captured, per statement. */
  readonly #maxTraced: number;

  constructor(options: QueryMonitorOptions = {}) {
    const o = (this.options = resolveQueryMonitorOptions(options));
    this.#slowUs = o.slowMs * 1000;
    this.#statements = new FingerprintCache({ maxFingerprints: o.maxStatements, maxTexts: o.maxTexts, create: (dialect, n) => new StatementStats(dialect, n) });
    this.#slow = new SlowQueryLog(o.slowLogSize);
    this.#nPlusOne = new NPlusOneLog(o.maxNPlusOneFindings, o.nPlusOneLogIntervalMs, o.log === undefined ? undefined : (line) => o.log!(line));
    this.#explainer = o.autoExplain === undefined ? undefined : new AutoExplainer(o.autoExplain, o.maxStatements);
    this.#alwaysTrace = o.callSites === 'always';
    this.#maxTraced = 2 * o.nPlusOneThreshold;
    this.#pairs = { count: 0, max: o.maxRouteStatements, maxPerStatement: o.maxRoutesPerStatement };
  }

  get slowMs(): number {
    return this.options.slowMs;
  }

  /** The statistics entry of a statement text (normalized the first time the text is seen). */
  statement(driver: DbDriver, text: string): StatementStats {
    return this.#statements.get(driver, text);
  }

  addSource(source: DbSourceStats): void {
    this.#sources.push(source);
    for (const m of this.#metrics) m.addSource(source);
  }

  /** Records a finished synchronous call; called in the caller's stack, so its line is captured here when needed. */
  recordSync(st: StatementStats, startUs: number, rows: number, error: unknown, target: DbTarget | undefined, text: string, params: unknown): void {
    const us = nowUs() - startUs;
    const ctx = currentRequestContext();
    let queries: RequestQueries | undefined;
    let trace = st.calls === 0 || us >= this.#slowUs || this.#alwaysTrace || activeScopes.length > 0;
    if (ctx !== undefined) {
      queries = RequestQueries.of(ctx);
      if (queries.noteCall(st, trace, this.#maxTraced)) trace = true;
    }
    this.#finish(st, us, rows, error, ctx, queries, trace ? captureCallSite() : undefined, target, text, params);
  }

  /** Starts an asynchronous call: takes the request context now (callbacks may run in another) and the stack when it will be needed. */
  startCall(st: StatementStats): PendingCall {
    const ctx = currentRequestContext();
    let queries: RequestQueries | undefined;
    let trace = st.calls === 0 || st.traceCalls || this.#alwaysTrace || activeScopes.length > 0;
    if (ctx !== undefined) {
      queries = RequestQueries.of(ctx);
      if (queries.noteCall(st, trace, this.#maxTraced)) trace = true;
    }
    return { statement: st, ctx, queries, stack: trace ? captureStack() : undefined, startUs: nowUs() };
  }

  finishCall(call: PendingCall, rows: number, error: unknown, target: DbTarget | undefined, text: string, params: unknown): void {
    const us = nowUs() - call.startUs;
    const site = call.stack === undefined ? undefined : resolveCallSite(call.stack);
    this.#finish(call.statement, us, rows, error, call.ctx, call.queries, site, target, text, params);
  }

  #finish(st: StatementStats, us: number, rows: number, error: unknown, ctx: RequestContext | undefined, queries: RequestQueries | undefined, site: CallSite | undefined, target: DbTarget | undefined, text: string, params: unknown): void {
    st.calls++;
    st.totalUs += us;
    st.latencyUs.record(us);
    if (error !== undefined) st.recordError(errorCodeOf(error));
    else st.rows += rows;
    if (site !== undefined) st.lastSite = site.line;
    let route: string | undefined;
    if (ctx !== undefined) {
      route = this.#routeKey(ctx.route);
      st.recordRoute(route, us, this.#pairs);
      let use = this.#routes.get(route);
      if (use === undefined) this.#routes.set(route, (use = { calls: 0, totalUs: 0 }));
      use.calls++;
      use.totalUs += us;
      const hit = queries!.noteDone(st, us, site, this.options.nPlusOneThreshold);
      if (hit !== undefined) this.#nPlusOne.add(route, st, hit.group, hit.statement, this.options.clock.wallNow(), this.options.clock.now());
    }
    if (us >= this.#slowUs) this.#recordSlow(st, us, error, route, site, target, text, params);
    if (activeScopes.length > 0) for (const scope of activeScopes) scope.add(st, us, site, error);
  }

  #routeKey(route: string | undefined): string {
    if (typeof route !== 'string' || route === '') return UNROUTED;
    return this.#routes.has(route) || this.#routes.size < this.options.maxRoutes ? route : OVERFLOW_ROUTE;
  }

  #recordSlow(st: StatementStats, us: number, error: unknown, route: string | undefined, site: CallSite | undefined, target: DbTarget | undefined, text: string, params: unknown): void {
    // Later calls of a statement that was slow capture their line when they start (async drivers).
    st.traceCalls = true;
    const list = Array.isArray(params) ? params : params !== undefined && params !== null ? Object.values(params) : [];
    const callSite = site?.line ?? st.lastSite;
    this.#slow.add({
      at: this.options.clock.wallNow(),
      durationMs: Math.round(us) / 1000,
      driver: st.driver,
      statementId: st.id,
      statement: st.text,
      ...(route !== undefined ? { route } : {}),
      ...(callSite !== undefined ? { callSite, callSiteFrom: site !== undefined ? ('call' as const) : ('statement' as const) } : {}),
      paramCount: list.length,
      ...(this.options.captureParams ? { params: copyParams(list) } : {}),
      ...(error !== undefined ? { error: errorCodeOf(error) } : {}),
    });
    const explainer = this.#explainer;
    if (explainer !== undefined && error === undefined && target !== undefined && st.readOnly && !st.isOverflow) {
      const now = this.options.clock.now();
      if (now - st.explainedAtMs >= this.options.autoExplain!.intervalMs) {
        st.explainedAtMs = now;
        explainer.schedule(st.id, target, text, params);
      }
    }
  }

  /** Plain JSON of everything recorded: the monitor's Queries panel and the report render it as is. */
  snapshot(options: SnapshotOptions = {}): QueryMonitorSnapshot {
    const top = options.top ?? 50;
    const all = [...this.#statements.entries()].filter((s) => s.calls > 0);
    all.sort((a, b) => b.totalUs - a.totalUs);
    const routes = [...this.#routes].map(([route, totals]) => this.#routeSnapshot(route, totals, all)).sort((a, b) => b.totalMs - a.totalMs);
    return {
      format: 'loadline.db.queries',
      takenAt: this.options.clock.wallNow(),
      slowMs: this.options.slowMs,
      nPlusOneThreshold: this.options.nPlusOneThreshold,
      statementCount: this.#statements.size,
      maxStatements: this.options.maxStatements,
      routeStatementCount: this.#pairs.count,
      maxRouteStatements: this.#pairs.max,
      statements: all.slice(0, top).map((s) => s.snapshot()),
      routes,
      nPlusOne: this.#nPlusOne.findings(),
      slow: this.#slow.entries(),
      slowTotal: this.#slow.total,
      pools: this.#sources.filter((s) => s.kind === 'pg-pool').map((s) => s.snapshot()),
      sqlite: this.#sources.filter((s) => s.kind === 'sqlite').map((s) => s.snapshot()),
      explains: this.#explainer?.results() ?? [],
    };
  }

  #routeSnapshot(route: string, totals: RouteTotals, statements: StatementStats[]): RouteQueriesSnapshot {
    const uses = [];
    for (const s of statements) {
      const r = s.routes.get(route);
      if (r !== undefined) uses.push({ s, r });
    }
    uses.sort((a, b) => b.r.totalUs - a.r.totalUs);
    // Percentiles only for the rows listed: a route may share its statements with many others.
    const rows = uses.slice(0, 20).map(({ s, r }) => ({
      id: s.id,
      text: s.text,
      calls: r.calls,
      totalMs: Math.round(r.totalUs) / 1000,
      share: totals.totalUs > 0 ? r.totalUs / totals.totalUs : 0,
      latencyMs: latencyMsOf(r.latencyUs),
    }));
    return { route, queries: totals.calls, totalMs: Math.round(totals.totalUs) / 1000, statements: rows };
  }

  /** Every statement entry, for the metrics (overflow last). */
  statements(): IterableIterator<StatementStats> {
    return this.#statements.entries();
  }

  get nPlusOneLog(): NPlusOneLog {
    return this.#nPlusOne;
  }

  get slowTotal(): number {
    return this.#slow.total;
  }

  /**
   * Reports through a metrics sink (the monitor's `metrics`): counters of calls, time and errors
   * per statement, slow statements, N+1 detections, pool gauges and waits. Counters are brought
   * up to date when the sink collects, so the query path never calls into the sink. Returns a
   * function that stops reporting.
   */
  reportTo(sink: MetricsSink): () => void {
    const metrics = new QueryMetrics(sink, this, this.options.maxStatementLabels);
    for (const s of this.#sources) metrics.addSource(s);
    this.#metrics.add(metrics);
    return () => void this.#metrics.delete(metrics);
  }

  /** Observes a wait for a pool connection in every attached sink (the pool keeps its own HDR too). */
  observePoolWait(pool: string, us: number): void {
    if (this.#metrics.size > 0) for (const m of this.#metrics) m.observePoolWait(pool, us);
  }

  /** Resolves once the automatic explains queued so far are done. */
  async explainsSettled(): Promise<void> {
    await this.#explainer?.idle();
  }

  /** Waits for automatic explains in flight; explains nothing more after. */
  async close(): Promise<void> {
    await this.#explainer?.close();
  }
}

/** Creates a query monitor; see `QueryMonitor`. Drivers instrumented without a `monitor` option report to `defaultQueryMonitor()`. */
export function createQueryMonitor(options?: QueryMonitorOptions): QueryMonitor {
  return new QueryMonitor(options);
}

const kDefault = Symbol.for('loadline.db.defaultQueryMonitor');

/** The process's default query monitor (one per process, shared by duplicated installs), created on first use. */
export function defaultQueryMonitor(): QueryMonitor {
  const g = globalThis as { [kDefault]?: QueryMonitor };
  return (g[kDefault] ??= new QueryMonitor());
}

/** Makes `monitor` the process's default, for drivers instrumented after this call without a `monitor` option. */
export function setDefaultQueryMonitor(monitor: QueryMonitor): void {
  (globalThis as { [kDefault]?: QueryMonitor })[kDefault] = monitor;
}

export type { ExplainResult };
