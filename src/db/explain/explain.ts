import { invalidInput } from '../../core/errors/errors.js';
import { checkKnownKeys, checkNumber } from '../../core/options.js';
import { describeTarget, isPgClient, isPgPool, isSqliteDatabase, type DbTarget } from '../driverTypes.js';
import { normalizeSql } from '../fingerprint/normalizeSql.js';
import { explainPg } from './explainPg.js';
import { explainSqlite } from './explainSqlite.js';
import type { ExplainOptions, ExplainResult } from './types.js';

/**
 * Plans a read statement and reports what an index could fix, with a `CREATE INDEX` hint only
 * once it is verified against the planner: PostgreSQL `EXPLAIN (FORMAT JSON)` and a hypothetical
 * index (HypoPG) that must at least halve the planned cost; SQLite `EXPLAIN QUERY PLAN` and the
 * candidate index built in an in-memory copy of the schema, kept only if the plan then uses it.
 * Writes are never explained. A statement that cannot be explained (DDL, a syntax error, a lost
 * connection) resolves with `ok: false` and the reason; only a bad argument throws.
 *
 * @example
 * const r = await explain(db, 'SELECT * FROM posts WHERE topic_id = ? ORDER BY created_at DESC', [7]);
 * r.findings[0]?.hint?.sql; // 'CREATE INDEX idx_posts_topic_id_created_at ON posts (topic_id, created_at)'
 */
export async function explain(target: DbTarget, sql: string, params?: unknown, options: ExplainOptions = {}): Promise<ExplainResult> {
  const pg = isPgPool(target) || isPgClient(target);
  if (!pg && !isSqliteDatabase(target)) throw invalidInput({ field: 'target', value: describeTarget(target), expected: 'a pg Pool or Client or a better-sqlite3 Database' });
  if (typeof sql !== 'string' || sql.trim() === '') throw invalidInput({ field: 'sql', value: sql, expected: 'a non-empty SQL string' });
  if (params !== undefined && (typeof params !== 'object' || params === null || (pg && !Array.isArray(params)))) {
    throw invalidInput({ field: 'params', value: params, expected: pg ? 'an array of values' : 'an array of values or an object of named values' });
  }
  if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object' });
  checkKnownKeys(options, ['minTableRows', 'createHypopg', 'maxCostRatio']);
  const minTableRows = options.minTableRows === undefined ? 10_000 : checkNumber(options.minTableRows, 'minTableRows', { min: 0 });
  const maxCostRatio = options.maxCostRatio === undefined ? 0.5 : checkNumber(options.maxCostRatio, 'maxCostRatio', { above: 0, max: 1 });
  const at = Date.now();
  const driver = pg ? 'pg' : 'sqlite';
  if (!normalizeSql(sql, driver).readOnly) {
    return { ok: false, driver, at, reason: 'only read statements (SELECT, WITH ... SELECT, VALUES, TABLE) are explained, never writes or DDL', findings: [] };
  }
  try {
    if (pg) return await explainPg(target, sql, params as unknown[] | undefined, { minTableRows, createHypopg: options.createHypopg === true, maxCostRatio }, at);
    return explainSqlite(target as Parameters<typeof explainSqlite>[0], sql, params, { minTableRows }, at);
  } catch (e) {
    return { ok: false, driver, at, reason: `explain failed: ${(e as Error).message}`, findings: [] };
  }
}
