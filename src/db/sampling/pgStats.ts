import type { PgSamplePoint, PgSampleStatement } from '../../core/result/resultServer.js';
import { normalizeSql } from '../fingerprint/normalizeSql.js';
import { counterGrowth, hitRatio, secondsBetween } from './counterRates.js';

/** One PostgreSQL sample of the current database, rates over the interval since the previous one: a point of the result file's `datastores.pg`. */
export type PgPoint = PgSamplePoint;

export interface PgCounters {
  atMs: number;
  backends: number;
  commits: number;
  rollbacks: number;
  hits: number;
  reads: number;
}

export const PG_STAT_DATABASE_SQL =
  'SELECT numbackends, xact_commit, xact_rollback, blks_hit, blks_read FROM pg_stat_database WHERE datname = current_database()';

export function pgCounters(row: Record<string, unknown>, atMs: number): PgCounters {
  const n = (key: string) => Number(row[key] ?? 0) || 0;
  return { atMs, backends: n('numbackends'), commits: n('xact_commit'), rollbacks: n('xact_rollback'), hits: n('blks_hit'), reads: n('blks_read') };
}

export function pgPoint(prev: PgCounters, now: PgCounters, t: number): PgPoint {
  const seconds = secondsBetween(prev.atMs, now.atMs);
  return {
    t,
    connections: now.backends,
    commitsPerSec: counterGrowth(prev.commits, now.commits) / seconds,
    rollbacksPerSec: counterGrowth(prev.rollbacks, now.rollbacks) / seconds,
    cacheHitRatio: hitRatio(counterGrowth(prev.hits, now.hits), counterGrowth(prev.reads, now.reads)),
  };
}

/** A statement of pg_stat_statements over the sampled period (deltas from the first reading), as the result file keeps it. */
export type PgTopStatement = PgSampleStatement;

export interface PgStatementRow {
  queryid: string;
  query: string;
  calls: number;
  total_exec_time: number;
  rows: number;
}

export const PG_STAT_STATEMENTS_SQL =
  'SELECT queryid::text AS queryid, query, calls::float8 AS calls, total_exec_time::float8 AS total_exec_time, rows::float8 AS rows FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())';

/** The statements that took the most time between two readings, normalized, utility statements left out. */
export function topStatements(before: PgStatementRow[], after: PgStatementRow[], limit: number): PgTopStatement[] {
  const base = new Map(before.map((r) => [r.queryid, r]));
  const out: PgTopStatement[] = [];
  for (const r of after) {
    const b = base.get(r.queryid);
    const calls = r.calls - (b?.calls ?? 0);
    if (calls <= 0) continue;
    const normalized = normalizeSql(r.query, 'pg');
    if (!/^(select|insert|update|delete|with|values|table|merge)\b/.test(normalized.text)) continue;
    const totalMs = r.total_exec_time - (b?.total_exec_time ?? 0);
    out.push({ queryId: r.queryid, text: normalized.text, calls, totalMs: Math.round(totalMs * 1000) / 1000, meanMs: Math.round((totalMs / calls) * 1000) / 1000, rows: r.rows - (b?.rows ?? 0) });
  }
  return out.sort((a, b) => b.totalMs - a.totalMs).slice(0, limit);
}
