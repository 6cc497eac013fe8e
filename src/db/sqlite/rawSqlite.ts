import type { SqliteDatabaseLike } from '../driverTypes.js';

const kRaw = Symbol.for('loadline.db.sqliteRaw');

/** The database's own methods, before instrumentation: loadline's own statements (plans, pragmas it reads) are not recorded. */
export interface RawSqlite {
  prepare: SqliteDatabaseLike['prepare'];
  pragma: SqliteDatabaseLike['pragma'];
  exec: SqliteDatabaseLike['exec'];
}

export function rawSqlite(db: SqliteDatabaseLike): RawSqlite {
  const raw = (db as unknown as { [kRaw]?: RawSqlite })[kRaw];
  return raw ?? { prepare: (s) => db.prepare(s), pragma: (s, o) => db.pragma(s, o), exec: (s) => db.exec(s) };
}

/** Keeps the uninstrumented methods of `db`; returns false when it was already instrumented. */
export function keepRawSqlite(db: SqliteDatabaseLike): boolean {
  const holder = db as unknown as { [kRaw]?: RawSqlite };
  if (holder[kRaw] !== undefined) return false;
  const { prepare, pragma, exec } = db;
  Object.defineProperty(holder, kRaw, { value: { prepare: prepare.bind(db), pragma: pragma.bind(db), exec: exec.bind(db) }, enumerable: false });
  return true;
}

export function isInstrumentedSqlite(db: SqliteDatabaseLike): boolean {
  return (db as unknown as { [kRaw]?: RawSqlite })[kRaw] !== undefined;
}
