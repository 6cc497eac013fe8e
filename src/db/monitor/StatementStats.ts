import { SparseHistogram } from '../../core/histogram/SparseHistogram.js';
import type { NormalizedSql } from '../fingerprint/normalizeSql.js';
import { OVERFLOW_STATEMENT_ID } from '../fingerprint/FingerprintCache.js';

/** Which driver a statement ran on. */
export type DbDriver = 'pg' | 'sqlite';

/** Error codes kept per statement before others count under `other`. */
const MAX_ERROR_CODES = 16;
/** Label for routes past a statement's route cap, as the monitor names its overflow series. */
export const OVERFLOW_ROUTE = '__overflow__';

/** Calls, time and HDR latency of one statement within one route (a route-statement pair); memory in docs/db.md, "What is recorded". */
export interface RouteUse {
  calls: number;
  totalUs: number;
  readonly latencyUs: SparseHistogram;
}

/** A route's queries and database time over all its statements. */
export interface RouteTotals {
  calls: number;
  totalUs: number;
}

/**
 * The cap on route-statement pairs shared by every statement of one monitor: past `max` pairs, or
 * `maxPerStatement` routes in one statement, a statement's new routes fold into its own
 * `__overflow__` route entry (one per statement, outside the count).
 */
export interface RoutePairBudget {
  count: number;
  readonly max: number;
  readonly maxPerStatement: number;
}

/** Latency in milliseconds, from the statement's HDR histogram. */
export interface StatementLatencyMs {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Latency summary in ms of a histogram recorded in µs: what snapshots show for statements and route-statement pairs. */
export function latencyMsOf(h: SparseHistogram): StatementLatencyMs {
  const max = h.max;
  // A bucket stands for its highest value, which can pass the exact maximum by its width.
  const [p50, p95, p99] = h.percentiles([50, 95, 99]).map((p) => Math.min(p, max));
  return { mean: ms(h.mean), p50: ms(p50!), p95: ms(p95!), p99: ms(p99!), max: ms(max) };
}

function ms(us: number): number {
  return Math.round(us) / 1000;
}

/** One route's use of a statement in a snapshot. */
export interface StatementRouteSnapshot {
  /** Route template (`GET /users/:id`), `__unrouted__`, or `__overflow__` for routes past the caps. */
  route: string;
  calls: number;
  totalMs: number;
  /** HDR latency of this statement within this route alone. */
  latencyMs: StatementLatencyMs;
}

/** One statement in a snapshot. */
export interface StatementSnapshot {
  /** Stable fingerprint id (16 hex digits), or `__overflow__` for statements past the cap. */
  id: string;
  driver: DbDriver;
  /** Normalized text: constants as placeholders, never the values. */
  text: string;
  readOnly: boolean;
  calls: number;
  /** Rows returned or changed, over successful calls. */
  rows: number;
  errors: number;
  /** Failed calls by the driver's error code (`23505`, `SQLITE_BUSY`, `ECONNREFUSED`...). */
  errorsByCode: Record<string, number>;
  totalMs: number;
  latencyMs: StatementLatencyMs;
  /** The last calling line seen for this statement, when one was captured. */
  callSite?: string;
  /** Routes that ran the statement, most time first, each with its own latency. */
  routes: StatementRouteSnapshot[];
}

/**
 * Everything recorded for one fingerprint. Mutated in place by the monitor's record path (plain
 * fields, no allocation per call beyond what the histogram's first value in a bucket range takes).
 */
export class StatementStats {
  readonly id: string;
  readonly driver: DbDriver;
  readonly text: string;
  readonly readOnly: boolean;
  calls = 0;
  rows = 0;
  errors = 0;
  totalUs = 0;
  readonly latencyUs = new SparseHistogram();
  readonly errorsByCode = new Map<string, number>();
  readonly routes = new Map<string, RouteUse>();
  /** Capture the calling line when each call starts (async drivers): set once the statement was slow. */
  traceCalls = false;
  lastSite: string | undefined = undefined;
  /** Monotonic ms of the last automatic explain, so it runs at most once per interval. */
  explainedAtMs = -Infinity;

  constructor(driver: DbDriver, normalized: NormalizedSql) {
    this.driver = driver;
    this.id = normalized.id;
    this.text = normalized.text;
    this.readOnly = normalized.readOnly;
  }

  get isOverflow(): boolean {
    return this.id === OVERFLOW_STATEMENT_ID;
  }

  recordError(code: string): void {
    this.errors++;
    const key = this.errorsByCode.has(code) || this.errorsByCode.size < MAX_ERROR_CODES ? code : 'other';
    this.errorsByCode.set(key, (this.errorsByCode.get(key) ?? 0) + 1);
  }

  /** Records a call within `route` (a route key, already capped by the monitor). */
  recordRoute(route: string, us: number, budget: RoutePairBudget): void {
    const use = this.routes.get(route) ?? this.#newRouteUse(route, budget);
    use.calls++;
    use.totalUs += us;
    use.latencyUs.record(us);
  }

  /** The entry of a route this statement has not run in: its own within `budget`, else the statement's `__overflow__` route. */
  #newRouteUse(route: string, budget: RoutePairBudget): RouteUse {
    const own = route !== OVERFLOW_ROUTE && this.routes.size < budget.maxPerStatement && budget.count < budget.max;
    const key = own ? route : OVERFLOW_ROUTE;
    let use = this.routes.get(key);
    if (use === undefined) {
      this.routes.set(key, (use = { calls: 0, totalUs: 0, latencyUs: new SparseHistogram() }));
      if (own) budget.count++;
    }
    return use;
  }

  snapshot(): StatementSnapshot {
    const routes = [...this.routes].map(([route, use]) => ({ route, calls: use.calls, totalMs: ms(use.totalUs), latencyMs: latencyMsOf(use.latencyUs) })).sort((a, b) => b.totalMs - a.totalMs);
    return {
      id: this.id,
      driver: this.driver,
      text: this.text,
      readOnly: this.readOnly,
      calls: this.calls,
      rows: this.rows,
      errors: this.errors,
      errorsByCode: Object.fromEntries(this.errorsByCode),
      totalMs: ms(this.totalUs),
      latencyMs: latencyMsOf(this.latencyUs),
      ...(this.lastSite !== undefined ? { callSite: this.lastSite } : {}),
      routes,
    };
  }
}
