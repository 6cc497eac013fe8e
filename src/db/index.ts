/**
 * loadline/db: query monitoring for node-postgres and better-sqlite3. Statement fingerprints with
 * HDR latency per statement and route, the slow-query log with calling lines, N+1 detection per
 * request, plan inspection with verified index hints, pool and SQLite statistics, a query budget
 * for tests, and server sampling (Redis INFO, pg_stat_*) during a run. Drivers are optional peer
 * dependencies: nothing here imports one.
 */
export { instrumentPg, type InstrumentPgOptions } from './pg/instrumentPg.js';
export type { PoolSnapshot } from './pg/PoolStats.js';
export { instrumentSqlite, type InstrumentSqliteOptions, type SqliteSnapshot } from './sqlite/instrumentSqlite.js';
export { adviseSqlite, readSqliteSettings, type SqliteAdvice, type SqliteSettings } from './sqlite/sqliteSettings.js';
export {
  createQueryMonitor,
  defaultQueryMonitor,
  setDefaultQueryMonitor,
  QueryMonitor,
  UNROUTED,
  type QueryMonitorSnapshot,
  type RouteQueriesSnapshot,
  type SnapshotOptions,
} from './monitor/QueryMonitor.js';
export type { QueryMonitorOptions, AutoExplainOptions } from './monitor/options.js';
export type { StatementSnapshot, StatementLatencyMs, StatementRouteSnapshot, DbDriver } from './monitor/StatementStats.js';
export type { SlowQuery } from './monitor/SlowQueryLog.js';
export type { NPlusOneFinding } from './nplusone/NPlusOneLog.js';
export { expectQueries, isQueryBudgetError, QueryBudgetError, QUERY_BUDGET_CODE, type ExpectQueriesOptions, type QueryBudgetReport, type BudgetStatement } from './nplusone/expectQueries.js';
export { explain } from './explain/explain.js';
export { parsePlanRow, type SqlitePlanRow, type SqlitePlanStep } from './explain/explainSqlite.js';
export type { ExplainOptions, ExplainResult, PlanFinding, IndexHint, FindingKind } from './explain/types.js';
export { normalizeSql, type NormalizedSql } from './fingerprint/normalizeSql.js';
export { tokenize, type SqlDialect, type SqlToken, type TokenKind } from './fingerprint/SqlLexer.js';
export { OVERFLOW_STATEMENT_ID } from './fingerprint/FingerprintCache.js';
export { startServerSampling, type ServerSampler, type ServerSamplingOptions, type ServerSeries, type RedisSeries, type PgSeries, type SampleGap } from './sampling/ServerSampler.js';
export type { RedisPoint } from './sampling/redisInfo.js';
export type { PgPoint, PgTopStatement } from './sampling/pgStats.js';
export { redactUrl } from './sampling/redactUrl.js';
export { runWithRequestContext, currentRequestContext, type RequestContext } from '../core/requestContext.js';
export type { DbTarget, PgClientLike, PgPoolLike, SqliteDatabaseLike, SqliteStatementLike } from './driverTypes.js';
