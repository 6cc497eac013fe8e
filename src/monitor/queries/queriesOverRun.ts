import type { RunNPlusOne, RunQueries, RunQueryStatement, RunRouteQueries, RunSlowQuery } from '../../core/index.js';

/** The parts of a query monitor's snapshot (`/api/performance/queries`) the run's table is made from. */
export interface QueriesSnapshotJson {
  format: 'loadline.db.queries';
  /** Wall-clock ms on the server's clock. */
  takenAt: number;
  slowMs: number;
  /** Counts since the service started; the run's mean is computed from the differences. */
  statements: Array<Omit<RunQueryStatement, 'meanMs'>>;
  routes: Array<Omit<RunRouteQueries, 'statements'> & { statements: Array<Omit<RunRouteQueries['statements'][number], 'share'>> }>;
  nPlusOne: Array<RunNPlusOne & { lastSeenAt: number }>;
  slow: Array<RunSlowQuery & { params?: unknown }>;
  slowTotal: number;
}

/** Statements kept in the run's table. */
export const RUN_TOP_STATEMENTS = 20;

/** A counter's growth between two readings; a smaller reading means the service restarted and counts from zero. */
function grown(before: number | undefined, after: number): number {
  return before === undefined || after < before ? after : after - before;
}

const ms = (v: number) => Math.round(v * 1000) / 1000;

/**
 * The query table of one run from the query monitor's snapshots at its start and its end: calls,
 * rows, errors and time are differences (percentiles cannot be, and stay the service's since it
 * started), N+1 findings and slow statements are those seen after the first snapshot (by the
 * server's clock, so the load generator's clock does not matter). Without a first snapshot the
 * table covers the service's life (`window: 'process'`). Parameter values are never kept.
 *
 * @example
 * const table = queriesOverRun(before, after, 'http://127.0.0.1:3000');
 * table.statements[0]; // the statement that took the most time during the run
 */
export function queriesOverRun(before: QueriesSnapshotJson | undefined, after: QueriesSnapshotJson, source: string, top = RUN_TOP_STATEMENTS): RunQueries {
  const earlier = new Map((before?.statements ?? []).map((s) => [s.id, s]));
  const statements: RunQueryStatement[] = [];
  for (const s of after.statements) {
    const b = earlier.get(s.id);
    const calls = grown(b?.calls, s.calls);
    if (calls === 0) continue;
    const restarted = b !== undefined && s.calls < b.calls;
    const totalMs = ms(restarted || b === undefined ? s.totalMs : Math.max(0, s.totalMs - b.totalMs));
    statements.push({
      id: s.id,
      driver: s.driver,
      text: s.text,
      calls,
      rows: restarted ? s.rows : grown(b?.rows, s.rows),
      errors: restarted ? s.errors : grown(b?.errors, s.errors),
      totalMs,
      meanMs: ms(totalMs / calls),
      ...(s.latencyMs ? { latencyMs: { p50: s.latencyMs.p50, p95: s.latencyMs.p95, p99: s.latencyMs.p99, max: s.latencyMs.max } } : {}),
      ...(s.callSite !== undefined ? { callSite: s.callSite } : {}),
    });
  }
  statements.sort((a, b) => b.totalMs - a.totalMs);

  const earlierRoutes = new Map((before?.routes ?? []).map((r) => [r.route, r]));
  const routes: RunRouteQueries[] = [];
  for (const r of after.routes) {
    const b = earlierRoutes.get(r.route);
    const queries = grown(b?.queries, r.queries);
    if (queries === 0) continue;
    const restarted = b !== undefined && r.queries < b.queries;
    const totalMs = ms(restarted || b === undefined ? r.totalMs : Math.max(0, r.totalMs - b.totalMs));
    const its = new Map((restarted ? [] : b?.statements ?? []).map((s) => [s.id, s]));
    const rows = r.statements
      .map((s) => {
        const e = its.get(s.id);
        return { id: s.id, text: s.text, calls: grown(e?.calls, s.calls), totalMs: ms(e === undefined || s.calls < e.calls ? s.totalMs : Math.max(0, s.totalMs - e.totalMs)) };
      })
      .filter((s) => s.calls > 0)
      .sort((x, y) => y.totalMs - x.totalMs)
      .map((s) => ({ ...s, share: totalMs > 0 ? Math.min(1, s.totalMs / totalMs) : 0 }));
    routes.push({ route: r.route, queries, totalMs, statements: rows });
  }
  routes.sort((a, b) => b.totalMs - a.totalMs);

  const since = before?.takenAt ?? -Infinity;
  const key = (f: { route: string; statementId: string; callSite: string }) => `${f.route}\n${f.statementId}\n${f.callSite}`;
  const earlierFindings = new Map((before?.nPlusOne ?? []).map((f) => [key(f), f]));
  const nPlusOne: RunNPlusOne[] = after.nPlusOne
    .filter((f) => f.lastSeenAt >= since)
    .map((f) => ({ route: f.route, statementId: f.statementId, statement: f.statement, callSite: f.callSite, requests: grown(earlierFindings.get(key(f))?.requests, f.requests), maxCount: f.maxCount }))
    .filter((f) => f.requests > 0);

  const slow: RunSlowQuery[] = after.slow.filter((s) => s.at >= since).map(({ params: _params, ...s }) => s);
  return {
    source,
    window: before === undefined ? 'process' : 'run',
    slowMs: after.slowMs,
    statements: statements.slice(0, top),
    routes,
    nPlusOne,
    slow,
    slowTotal: grown(before?.slowTotal, after.slowTotal),
  };
}
