/**
 * The shapes loadline needs of the drivers, written structurally: loadline never imports a
 * driver (they are optional peer dependencies), and its type declarations name no driver's types.
 */

/** A node-postgres query result (or what `rowCount` / `rows` loadline reads of one). */
export interface PgResultLike {
  rows?: unknown[];
  rowCount?: number | null;
}

/** A node-postgres `Client` or pool client. */
export interface PgClientLike {
  query(...args: any[]): any;
  connect(...args: any[]): any;
  end(...args: any[]): any;
}

/** A node-postgres `Pool` (pg-pool). */
export interface PgPoolLike extends PgClientLike {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options: { max?: number } & Record<string, unknown>;
}

/** A better-sqlite3 prepared statement. */
export interface SqliteStatementLike {
  readonly source: string;
  readonly reader: boolean;
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

/** A better-sqlite3 `Database`. */
export interface SqliteDatabaseLike {
  readonly name: string;
  readonly open: boolean;
  readonly memory: boolean;
  readonly inTransaction: boolean;
  prepare(source: string): SqliteStatementLike;
  exec(source: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction(fn: (...args: any[]) => unknown): unknown;
  close(): unknown;
}

/** What `explain` and the sampler can run statements on. */
export type DbTarget = PgPoolLike | PgClientLike | SqliteDatabaseLike;

export function isPgPool(value: unknown): value is PgPoolLike {
  const v = value as Partial<PgPoolLike> | null;
  return typeof v === 'object' && v !== null && typeof v.query === 'function' && typeof v.connect === 'function' && typeof v.totalCount === 'number' && typeof v.waitingCount === 'number' && typeof v.idleCount === 'number';
}

export function isPgClient(value: unknown): value is PgClientLike {
  const v = value as (Partial<PgClientLike> & { connectionParameters?: unknown; escapeIdentifier?: unknown }) | null;
  return typeof v === 'object' && v !== null && typeof v.query === 'function' && typeof v.connect === 'function' && typeof v.escapeIdentifier === 'function' && typeof v.connectionParameters === 'object';
}

export function isSqliteDatabase(value: unknown): value is SqliteDatabaseLike {
  const v = value as Partial<SqliteDatabaseLike> | null;
  return typeof v === 'object' && v !== null && typeof v.prepare === 'function' && typeof v.pragma === 'function' && typeof v.transaction === 'function' && typeof v.exec === 'function' && 'inTransaction' in v;
}

/** The `code` of a driver error (`23505`, `SQLITE_BUSY`, `ECONNREFUSED`), else its name. */
export function errorCodeOf(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown } | null;
  const code = typeof e?.code === 'string' || typeof e?.code === 'number' ? String(e.code) : typeof e?.name === 'string' ? e.name : 'Error';
  return code.length > 40 ? code.slice(0, 40) : code;
}

/** What to show of a value passed where a driver object was expected: primitives as they are, objects by their class. */
export function describeTarget(value: unknown): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  const name = (value as object).constructor?.name;
  return name ? `an instance of ${name}` : 'an object without a constructor';
}
