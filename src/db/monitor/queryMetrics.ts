import type { CounterMetric, HistogramMetric, Labels, MetricsSink } from '../../core/metricsSink.js';
import type { DbSourceStats, QueryMonitor } from './QueryMonitor.js';
import { OVERFLOW_ROUTE, type StatementStats } from './StatementStats.js';

/** Seconds; pool waits run from nothing to the pool's connection timeout. */
const WAIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Reported {
  calls: number;
  us: number;
  errors: Map<string, number>;
}

/** What a pool source exposes to the gauges. */
interface PoolGaugeSource extends DbSourceStats {
  readonly pool: { totalCount: number; idleCount: number; waitingCount: number };
}

interface SqliteCounterSource extends DbSourceStats {
  busyErrors: number;
}

/**
 * The query monitor's Prometheus series. Counters are pushed as deltas when the sink reads the
 * first gauge (`loadline_db_statements`, registered first so every counter rendered after it is
 * current), as the cache does: the query path never calls into the sink. Label sets are bounded:
 * `statement` is the fingerprint id of the first `maxStatementLabels` statements, then
 * `__overflow__`; `route` is bounded by the monitor's `maxRoutes`; `code` by 16 codes per statement.
 */
export class QueryMetrics {
  readonly #monitor: QueryMonitor;
  readonly #maxLabels: number;
  readonly #labelOf = new Map<StatementStats, string>();
  readonly #reported = new Map<StatementStats, Reported>();
  readonly #calls: CounterMetric;
  readonly #seconds: CounterMetric;
  readonly #errors: CounterMetric;
  readonly #slow: CounterMetric;
  readonly #nPlusOne: CounterMetric;
  readonly #busy: CounterMetric;
  readonly #poolWait: HistogramMetric;
  readonly #pools: PoolGaugeSource[] = [];
  readonly #sqlite: SqliteCounterSource[] = [];
  readonly #busyReported = new Map<SqliteCounterSource, number>();
  #slowReported = 0;
  readonly #nPlusOneReported = new Map<string, number>();

  constructor(sink: MetricsSink, monitor: QueryMonitor, maxStatementLabels: number) {
    this.#monitor = monitor;
    this.#maxLabels = maxStatementLabels;
    sink.gauge({ name: 'loadline_db_statements', help: 'Distinct statement fingerprints recorded', collect: () => this.#flush() });
    this.#calls = sink.counter({ name: 'loadline_db_queries_total', help: 'Statements run, by fingerprint', labelNames: ['driver', 'statement'] });
    this.#seconds = sink.counter({ name: 'loadline_db_query_seconds_total', help: 'Time spent in statements, by fingerprint', labelNames: ['driver', 'statement'] });
    this.#errors = sink.counter({ name: 'loadline_db_query_errors_total', help: 'Statements that failed, by driver error code', labelNames: ['driver', 'code'] });
    this.#slow = sink.counter({ name: 'loadline_db_slow_queries_total', help: 'Statements at or above the slow threshold' });
    this.#nPlusOne = sink.counter({ name: 'loadline_db_n_plus_one_total', help: 'Requests that ran one statement from one call stack N or more times', labelNames: ['route'] });
    this.#busy = sink.counter({ name: 'loadline_db_sqlite_busy_total', help: 'SQLite statements that failed with SQLITE_BUSY', labelNames: ['database'] });
    sink.gauge({
      name: 'loadline_db_pool_connections',
      help: 'pg pool connections by state (total, idle, waiting: callers queued for one)',
      labelNames: ['pool', 'state'],
      collect: () =>
        this.#pools.flatMap((p) => [
          { labels: { pool: p.name, state: 'total' }, value: p.pool.totalCount },
          { labels: { pool: p.name, state: 'idle' }, value: p.pool.idleCount },
          { labels: { pool: p.name, state: 'waiting' }, value: p.pool.waitingCount },
        ]),
    });
    this.#poolWait = sink.histogram({ name: 'loadline_db_pool_wait_seconds', help: 'Time callers waited for a pg pool connection', labelNames: ['pool'], buckets: WAIT_BUCKETS });
  }

  addSource(source: DbSourceStats): void {
    if (source.kind === 'pg-pool') this.#pools.push(source as PoolGaugeSource);
    else this.#sqlite.push(source as SqliteCounterSource);
  }

  observePoolWait(pool: string, us: number): void {
    this.#poolWait.observe(us / 1e6, { pool });
  }

  #label(st: StatementStats): string {
    let label = this.#labelOf.get(st);
    if (label === undefined) {
      label = !st.isOverflow && this.#labelOf.size < this.#maxLabels ? st.id : OVERFLOW_ROUTE;
      this.#labelOf.set(st, label);
    }
    return label;
  }

  /** Pushes what happened since the last read; returns the statement count for the trigger gauge. */
  #flush(): number {
    let count = 0;
    for (const st of this.#monitor.statements()) {
      if (!st.isOverflow) count++;
      let r = this.#reported.get(st);
      if (r === undefined) this.#reported.set(st, (r = { calls: 0, us: 0, errors: new Map() }));
      if (st.calls === r.calls) continue;
      const labels: Labels = { driver: st.driver, statement: this.#label(st) };
      this.#calls.inc(st.calls - r.calls, labels);
      this.#seconds.inc((st.totalUs - r.us) / 1e6, labels);
      r.calls = st.calls;
      r.us = st.totalUs;
      for (const [code, n] of st.errorsByCode) {
        const before = r.errors.get(code) ?? 0;
        if (n > before) this.#errors.inc(n - before, { driver: st.driver, code });
        r.errors.set(code, n);
      }
    }
    const slow = this.#monitor.slowTotal;
    if (slow > this.#slowReported) this.#slow.inc(slow - this.#slowReported);
    this.#slowReported = slow;
    for (const [route, n] of this.#monitor.nPlusOneLog.detectionsByRoute) {
      const before = this.#nPlusOneReported.get(route) ?? 0;
      if (n > before) this.#nPlusOne.inc(n - before, { route });
      this.#nPlusOneReported.set(route, n);
    }
    for (const s of this.#sqlite) {
      const before = this.#busyReported.get(s) ?? 0;
      if (s.busyErrors > before) this.#busy.inc(s.busyErrors - before, { database: s.name });
      this.#busyReported.set(s, s.busyErrors);
    }
    return count;
  }
}
