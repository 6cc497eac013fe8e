import type { CallSite } from '../monitor/callSite.js';
import type { StatementStats } from '../monitor/StatementStats.js';

/** One query seen by a scope. */
export interface ScopedQuery {
  statement: StatementStats;
  durationUs: number;
  site: CallSite | undefined;
  failed: boolean;
}

/** Collects every query any monitor records while it is active (`expectQueries`). */
export class QueryScope {
  readonly queries: ScopedQuery[] = [];

  add(statement: StatementStats, durationUs: number, site: CallSite | undefined, error: unknown): void {
    this.queries.push({ statement, durationUs, site, failed: error !== undefined });
  }
}

/**
 * Scopes open now, process-wide: a test that calls a route over HTTP runs its queries in the
 * server's request, outside the test's async context, so scopes cannot ride AsyncLocalStorage.
 * Monitors check the length (zero outside tests) and capture every call's stack while one is open.
 */
export const activeScopes: QueryScope[] = [];
