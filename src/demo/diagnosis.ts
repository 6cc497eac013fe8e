import type { QueryMonitorSnapshot } from '../db/index.js';
import type { LoginProbe } from './loginProbe.js';
import type { PerformanceStats } from './ServiceInstruments.js';

/** A statement run once per row of a list, in one request. */
export interface NPlusOneCause {
  /** `GET /api/forums/topics`. */
  route: string;
  /** Normalized text of the repeated statement. */
  statement: string;
  /** The calling line of the loop. */
  callSite: string;
  /** Most calls of it seen in one request. */
  perRequest: number;
  /** Requests the pattern was seen in. */
  requests: number;
}

/** A statement whose plan reads a whole table, with the index the planner would use instead. */
export interface ScanCause {
  statement: string;
  /** The route that spends the most time in it. */
  route: string | undefined;
  callSite: string | undefined;
  table: string;
  /** The plan's words: `SCAN posts`, `USE TEMP B-TREE FOR ORDER BY`. */
  detail: string;
  /** `CREATE INDEX ...`, verified against the planner; absent when none passed verification. */
  hint: string | undefined;
  calls: number;
  meanMs: number;
  totalMs: number;
}

/** Where the service's request time goes, by route. */
export interface RouteTime {
  /** `GET /api/forums/:id/posts`. */
  route: string;
  requests: number;
  meanMs: number;
  /** Share of all request time (requests x mean) spent in this route, 0..1. */
  share: number;
  /** Share of the route's request time spent in database statements, 0..1. */
  queryShare?: number;
  /** The statement that takes most of the route's query time, and its share of it. */
  topStatement?: { statement: string; share: number };
}

/** Why a service is slow, in its own instruments' words. */
export interface Diagnosis {
  nPlusOne: NPlusOneCause[];
  scans: ScanCause[];
  /** Event-loop delay while logins ran; absent when the probe was not run. */
  logins?: LoginProbe;
  /** The route that spends the most time, first; at most five. */
  routes: RouteTime[];
  /** Statements slower than the query monitor's `slowMs`, since start. */
  slowQueries: number;
  slowMs: number;
}

/** Routes the instruments answer themselves, not the application's. */
const OWN_ROUTES = /^(\/api\/performance\/|\/api\/monitoring\/|\/health\/|\/metrics|\/loadline)/;

/**
 * Reads the causes out of a service's instruments: the query monitor's N+1 findings, the
 * statements whose automatic explain found a full scan (with the verified index hint), the
 * runtime monitor's time per route, and the login probe's event-loop delay.
 */
export function diagnose(queries: QueryMonitorSnapshot, stats: PerformanceStats, logins?: LoginProbe): Diagnosis {
  const nPlusOne = queries.nPlusOne
    .map((f) => ({ route: f.route, statement: f.statement, callSite: f.callSite, perRequest: f.maxCount, requests: f.requests }))
    .sort((a, b) => b.requests * b.perRequest - a.requests * a.perRequest);

  const statements = new Map(queries.statements.map((s) => [s.id, s]));
  const slowById = new Map(queries.slow.map((s) => [s.statementId, s]));
  const scans = new Map<string, ScanCause>();
  for (const e of queries.explains) {
    if (!e.ok || e.statementId === undefined || scans.has(e.statementId)) continue;
    const scan = e.findings.find((f) => f.kind === 'full-scan');
    if (scan === undefined) continue;
    const s = statements.get(e.statementId);
    const slow = slowById.get(e.statementId);
    const text = s?.text ?? slow?.statement;
    if (text === undefined) continue;
    const hint = scan.hint ?? e.findings.find((f) => f.hint !== undefined)?.hint;
    scans.set(e.statementId, {
      statement: text,
      route: s?.routes[0]?.route ?? slow?.route,
      callSite: s?.callSite ?? slow?.callSite,
      table: scan.table,
      detail: e.findings.map((f) => f.detail).join(', '),
      hint: hint?.sql,
      calls: s?.calls ?? 0,
      meanMs: s?.latencyMs.mean ?? 0,
      totalMs: s?.totalMs ?? 0,
    });
  }

  const own = stats.routes.filter((r) => !OWN_ROUTES.test(r.route) && r.requests > 0);
  const timeOf = (r: (typeof own)[number]) => r.requests * r.latency.mean;
  const total = own.reduce((sum, r) => sum + timeOf(r), 0);
  const routes = own
    .sort((a, b) => timeOf(b) - timeOf(a))
    .slice(0, 5)
    .map((r): RouteTime => {
      const route = `${r.method} ${r.route}`;
      const used = queries.routes.find((q) => q.route === route);
      const top = used?.statements[0];
      return {
        route,
        requests: r.requests,
        meanMs: r.latency.mean,
        share: total > 0 ? timeOf(r) / total : 0,
        ...(used && timeOf(r) > 0 ? { queryShare: used.totalMs / timeOf(r) } : {}),
        ...(top ? { topStatement: { statement: top.text, share: top.share } } : {}),
      };
    });

  return {
    nPlusOne,
    scans: [...scans.values()].sort((a, b) => b.totalMs - a.totalMs),
    ...(logins ? { logins } : {}),
    routes,
    slowQueries: queries.slowTotal,
    slowMs: queries.slowMs,
  };
}
