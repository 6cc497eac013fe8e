import { SparseHistogram } from '../../core/sparse-histogram.js';
import type { NormalizedSql } from '../fingerprint/normalizeSql.js';
import { OVERFLOW_STATEMENT_ID } from '../fingerprint/FingerprintCache.js';

/** Which driver a statement ran on. */
export type DbDriver = 'pg' | 'sqlite';

/** Error codes kept per statement before others count under `other`. */
const MAX_ERROR_CODES = 16;
/** Label for routes past a statement's route cap, as the monitor names its overflow series. */
export const OVERFLOW_ROUTE = '__overflow__';

/** Time and calls of one statement within one route. */
export interface RouteUse {
  calls: number;
  totalUs: number;
}

/** Latency in milliseconds, from the statement's HDR histogram. */
export interface StatementLatencyMs {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
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
  /** Routes that ran the statement, most time first. */
  routes: Array<{ route: string; calls: number; totalMs: number }>;
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

  recordRoute(route: string, us: number, maxRoutes: number): void {
    let use = this.routes.get(route);
    if (use === undefined) {
      const key = this.routes.size < maxRoutes ? route : OVERFLOW_ROUTE;
      use = this.routes.get(key);
      if (use === undefined) this.routes.set(key, (use = { calls: 0, totalUs: 0 }));
    }
    use.calls++;
    use.totalUs += us;
  }

  snapshot(): StatementSnapshot {
    const max = this.latencyUs.max;
    // A bucket stands for its highest value, which can pass the exact maximum by its width.
    const [p50, p95, p99] = this.latencyUs.percentiles([50, 95, 99]).map((p) => Math.min(p, max));
    const ms = (us: number) => Math.round(us) / 1000;
    const routes = [...this.routes].map(([route, use]) => ({ route, calls: use.calls, totalMs: ms(use.totalUs) })).sort((a, b) => b.totalMs - a.totalMs);
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
      latencyMs: { mean: ms(this.latencyUs.mean), p50: ms(p50!), p95: ms(p95!), p99: ms(p99!), max: ms(max) },
      ...(this.lastSite !== undefined ? { callSite: this.lastSite } : {}),
      routes,
    };
  }
}
