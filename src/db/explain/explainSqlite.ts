import type { SqliteDatabaseLike, SqliteStatementLike } from '../driverTypes.js';
import { tokenize } from '../fingerprint/SqlLexer.js';
import { rawSqlite } from '../sqlite/rawSqlite.js';
import { indexCandidates, indexName, quoteIdent, statementClauses, type StatementClauses } from './sqlClauses.js';
import type { ExplainResult, PlanFinding } from './types.js';

/** One row of `EXPLAIN QUERY PLAN`. */
export interface SqlitePlanRow {
  id: number;
  parent: number;
  detail: string;
}

/** A plan row read: what it does to which table (name or alias as the plan writes it). */
export interface SqlitePlanStep {
  op: 'scan' | 'search' | 'temp-btree-order' | 'other';
  /** Table name or alias as the plan names it (`SCAN t`, `SCAN TABLE t AS a`). */
  name?: string;
  /** The index used, when the row says `USING [COVERING] INDEX x`. */
  index?: string;
  detail: string;
}

/**
 * Reads one plan row in both of SQLite's wordings: before 3.36 `SCAN TABLE posts AS p` and
 * `SEARCH TABLE posts USING INDEX ...`; since then `SCAN p` (the alias when there is one) and
 * `SEARCH posts USING INDEX ...`.
 */
export function parsePlanRow(detail: string): SqlitePlanStep {
  if (/^USE TEMP B-TREE FOR (?:RIGHT PART OF )?ORDER BY/.test(detail)) return { op: 'temp-btree-order', detail };
  const m = /^(SCAN|SEARCH) (?:TABLE )?(\S+)(?: AS (\S+))?(?: USING (?:COVERING |PRIMARY KEY |INTEGER PRIMARY KEY)?(?:INDEX (\S+))?)?/.exec(detail);
  if (m === null || m[2] === 'CONSTANT' || m[2] === 'SUBQUERY' || m[2]!.startsWith('(')) return { op: 'other', detail };
  const step: SqlitePlanStep = { op: m[1] === 'SCAN' ? 'scan' : 'search', name: m[3] ?? m[2]!, detail };
  if (m[4] !== undefined) step.index = m[4];
  else if (/USING (?:INTEGER )?PRIMARY KEY/.test(detail)) step.index = 'PRIMARY KEY';
  return step;
}

export interface SqliteExplainOptions {
  minTableRows: number;
}

/** EXPLAIN QUERY PLAN with findings and hints verified on an in-memory copy of the schema. */
export function explainSqlite(db: SqliteDatabaseLike, sql: string, params: unknown, options: SqliteExplainOptions, at: number): ExplainResult {
  const raw = rawSqlite(db);
  let rows: SqlitePlanRow[];
  try {
    rows = planRows(raw.prepare(`EXPLAIN QUERY PLAN ${sql}`), sql, params);
  } catch (e) {
    return { ok: false, driver: 'sqlite', at, reason: `SQLite cannot plan the statement: ${(e as Error).message}`, findings: [] };
  }
  const clauses = statementClauses(sql, 'sqlite');
  const tables = realTables(db, clauses);
  const steps = rows.map((r) => parsePlanRow(r.detail));
  const findings = findingsOf(steps, tables, clauses, (table) => countUpTo(db, table, options.minTableRows) >= options.minTableRows);
  if (findings.length > 0) verifyHints(db, sql, params, findings, tables, clauses);
  return { ok: true, driver: 'sqlite', at, plan: rows, findings };
}

/** Binds the given parameters, or nulls for each placeholder (the plan does not depend on the values). */
function planRows(stmt: SqliteStatementLike, sql: string, params: unknown): SqlitePlanRow[] {
  if (params !== undefined) return (Array.isArray(params) ? stmt.all(...params) : stmt.all(params)) as SqlitePlanRow[];
  let plain = 0;
  let numbered = 0;
  const named: Record<string, null> = {};
  for (const t of tokenize(sql, 'sqlite')) {
    if (t.kind !== 'param') continue;
    if (t.text === '?') plain++;
    else if (t.text.startsWith('?')) numbered = Math.max(numbered, Number(t.text.slice(1)));
    else named[t.text.slice(1)] = null;
  }
  const args: unknown[] = new Array(Math.max(plain, numbered)).fill(null);
  if (Object.keys(named).length > 0) args.push(named);
  return stmt.all(...args) as SqlitePlanRow[];
}

/** Plan names (table or alias) to the real table they stand for; names that are not tables (CTEs, views) are left out. */
function realTables(db: SqliteDatabaseLike, clauses: StatementClauses): Map<string, string> {
  const raw = rawSqlite(db);
  const existing = new Set((raw.prepare("SELECT lower(name) AS name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
  const out = new Map<string, string>();
  for (const t of clauses.tables) {
    const name = t.name.split('.').pop()!;
    if (!existing.has(name)) continue;
    out.set(name, name);
    if (t.alias !== undefined) out.set(t.alias, name);
  }
  return out;
}

function columnsOf(db: SqliteDatabaseLike, table: string): Set<string> {
  const rows = rawSqlite(db).prepare(`SELECT lower(name) AS name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>;
  return new Set(rows.map((r) => r.name));
}

function countUpTo(db: SqliteDatabaseLike, table: string, limit: number): number {
  const row = rawSqlite(db).prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM ${quoteIdent(table)} LIMIT ?)`).get(limit) as { n: number };
  return row.n;
}

function findingsOf(steps: SqlitePlanStep[], tables: Map<string, string>, clauses: StatementClauses, bigEnough: (table: string) => boolean): PlanFinding[] {
  const findings: PlanFinding[] = [];
  const firstScanned = steps.find((s) => (s.op === 'scan' || s.op === 'search') && s.name !== undefined && tables.has(s.name.toLowerCase()));
  for (const s of steps) {
    const table = s.name === undefined ? undefined : tables.get(s.name.toLowerCase());
    if (s.op === 'scan' && s.index === undefined && table !== undefined && touches(clauses, tables, table, ['eq', 'range', 'join']) && bigEnough(table)) {
      findings.push({ kind: 'full-scan', table, detail: s.detail });
    } else if (s.op === 'temp-btree-order' && firstScanned !== undefined) {
      const t = tables.get(firstScanned.name!.toLowerCase())!;
      if (touches(clauses, tables, t, ['order']) && bigEnough(t)) findings.push({ kind: 'sort', table: t, detail: s.detail });
    }
  }
  return findings;
}

function touches(clauses: StatementClauses, tables: Map<string, string>, table: string, roles: string[]): boolean {
  // One table and a WHERE clause: it filters that table, even on an expression (`lower(email) = ?`).
  if (roles.includes('eq') && clauses.filters && new Set(tables.values()).size === 1) return true;
  return clauses.columns.some((c) => roles.includes(c.role) && (c.qualifier === undefined || tables.get(c.qualifier) === table));
}

/**
 * SQLite's own `.expert` method: copy the schema (and the planner statistics) into an in-memory
 * database, create each candidate index there, and keep the first one the plan then uses for the
 * table, with the finding gone.
 */
function verifyHints(db: SqliteDatabaseLike, sql: string, params: unknown, findings: PlanFinding[], tables: Map<string, string>, clauses: StatementClauses): void {
  let copy: SqliteDatabaseLike;
  try {
    copy = schemaCopy(db);
  } catch (e) {
    for (const f of findings) f.hintNote = `the schema could not be copied to verify an index: ${(e as Error).message}`;
    return;
  }
  try {
    for (const f of findings) {
      const names = new Set([...tables].filter(([, t]) => t === f.table).map(([n]) => n));
      const candidates = indexCandidates(clauses, names, columnsOf(db, f.table));
      if (candidates.length === 0) {
        f.hintNote = 'no column of the table is compared with a value, joined or ordered on in a way an index serves';
        continue;
      }
      for (const cols of candidates) {
        const name = `loadline_candidate_${indexName(f.table, cols)}`;
        const colSql = cols.map((c) => `${quoteIdent(c.column)}${c.desc ? ' DESC' : ''}`).join(', ');
        copy.exec(`CREATE INDEX ${quoteIdent(name)} ON ${quoteIdent(f.table)} (${colSql})`);
        const steps = planRows(copy.prepare(`EXPLAIN QUERY PLAN ${sql}`), sql, params).map((r) => parsePlanRow(r.detail));
        copy.exec(`DROP INDEX ${quoteIdent(name)}`);
        const uses = steps.some((s) => s.name !== undefined && tables.get(s.name.toLowerCase()) === f.table && s.index === name);
        const gone = !findingsOf(steps, tables, clauses, () => true).some((g) => g.kind === f.kind && g.table === f.table);
        if (uses && gone) {
          const hintName = indexName(f.table, cols);
          f.hint = { sql: `CREATE INDEX ${quoteIdent(hintName)} ON ${quoteIdent(f.table)} (${colSql})`, table: f.table, columns: cols.map((c) => c.column), verifiedBy: 'schema-copy' };
          break;
        }
      }
      if (f.hint === undefined) f.hintNote = `no candidate index (${candidates.map((c) => c.map((x) => x.column).join(', ')).join('; ')}) made SQLite's plan drop the ${f.kind === 'sort' ? 'sort' : 'scan'}`;
    }
  } finally {
    copy.close();
  }
}

function schemaCopy(db: SqliteDatabaseLike): SqliteDatabaseLike {
  const Database = db.constructor as new (filename: string) => SqliteDatabaseLike;
  const copy = new Database(':memory:');
  try {
    const raw = rawSqlite(db);
    const objects = raw.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND type IN ('table', 'index') ORDER BY type = 'index', rowid").all() as Array<{ type: string; name: string; sql: string }>;
    for (const o of objects) {
      try {
        copy.exec(o.sql);
      } catch {
        // A virtual table whose module the copy lacks: its plans are not verified.
      }
    }
    const hasStats = raw.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get() !== undefined;
    if (hasStats) {
      copy.exec('ANALYZE sqlite_master');
      copy.exec('DELETE FROM sqlite_stat1');
      const insert = copy.prepare('INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)');
      for (const r of raw.prepare('SELECT tbl, idx, stat FROM sqlite_stat1').all() as Array<{ tbl: string; idx: string | null; stat: string }>) insert.run(r.tbl, r.idx, r.stat);
      copy.exec('ANALYZE sqlite_master'); // reloads the statistics just written
    }
    return copy;
  } catch (e) {
    copy.close();
    throw e;
  }
}
