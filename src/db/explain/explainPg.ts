import type { PgClientLike, PgPoolLike } from '../driverTypes.js';
import { tokenize } from '../fingerprint/SqlLexer.js';
import { indexCandidates, indexName, quoteIdent, statementClauses, type StatementClauses } from './sqlClauses.js';
import type { ExplainResult, IndexHint, PlanFinding } from './types.js';

/** A node of PostgreSQL's JSON plan (the fields loadline reads). */
interface PlanNode {
  'Node Type': string;
  'Total Cost': number;
  'Plan Rows': number;
  'Relation Name'?: string;
  Schema?: string;
  Alias?: string;
  Filter?: string;
  'Sort Key'?: string[];
  'Index Name'?: string;
  Plans?: PlanNode[];
}

export interface PgExplainOptions {
  minTableRows: number;
  createHypopg: boolean;
  maxCostRatio: number;
}

type Query = (text: string, values?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>;

/**
 * A client of its own for the explain: hypothetical indexes live in one backend, and an explain
 * must not take a pool connection a request is waiting for. Built from the pool's or client's
 * own class and settings, so it is never instrumented and needs no import of pg.
 */
function dedicatedClient(target: PgPoolLike | PgClientLike): PgClientLike {
  const pool = target as PgPoolLike & { Client?: new (config: object) => PgClientLike };
  if (typeof pool.Client === 'function' && typeof pool.options === 'object') return new pool.Client({ ...pool.options, max: undefined });
  const client = target as PgClientLike & { connectionParameters: Record<string, unknown> };
  const p = client.connectionParameters;
  const Client = client.constructor as new (config: object) => PgClientLike;
  return new Client({ user: p.user, password: p.password, host: p.host, port: p.port, database: p.database, ssl: p.ssl, application_name: 'loadline-explain' });
}

/** EXPLAIN (FORMAT JSON) with findings and hints verified with HypoPG. */
export async function explainPg(target: PgPoolLike | PgClientLike, sql: string, params: unknown[] | undefined, options: PgExplainOptions, at: number): Promise<ExplainResult> {
  const client = dedicatedClient(target);
  const fail = (reason: string): ExplainResult => ({ ok: false, driver: 'pg', at, reason, findings: [] });
  try {
    await client.connect();
  } catch (e) {
    return fail(`could not connect to explain: ${(e as Error).message}`);
  }
  const query: Query = (text, values) => client.query(text, values);
  try {
    await query("SET statement_timeout = '5s'");
    const hasParams = tokenize(sql, 'pg').some((t) => t.kind === 'param');
    let prefix = 'EXPLAIN (FORMAT JSON, VERBOSE)';
    if (hasParams && params === undefined) {
      const version = Number((await query('SHOW server_version_num')).rows[0]!.server_version_num);
      if (version < 160000) return fail('the statement has parameters and no values were given: PostgreSQL before 16 cannot plan it without them (16 adds GENERIC_PLAN)');
      prefix = 'EXPLAIN (FORMAT JSON, VERBOSE, GENERIC_PLAN)';
    }
    const explainOnce = async () => ((await query(`${prefix} ${sql}`, params)).rows[0]!['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan;
    let root: PlanNode;
    try {
      root = await explainOnce();
    } catch (e) {
      return fail(`PostgreSQL cannot plan the statement: ${(e as Error).message}`);
    }
    const clauses = statementClauses(sql, 'pg');
    const findings = await findingsOf(root, clauses, query, options.minTableRows);
    if (findings.length > 0) await verifyHints(findings, root, clauses, query, explainOnce, options);
    // A Seq Scan feeding a join without a filter of its own is often the right plan: reported only when an index verifiably beats it.
    const kept = findings.filter((f) => !f.joinOnly || f.hint !== undefined);
    return { ok: true, driver: 'pg', at, cost: root['Total Cost'], plan: root, findings: publicFindings(kept) };
  } catch (e) {
    return fail(`explain failed: ${(e as Error).message}`);
  } finally {
    await Promise.resolve(client.end()).catch(() => {});
  }
}

interface ScanFinding extends PlanFinding {
  schema: string;
  relation: string;
  alias: string;
  joinOnly: boolean;
}

function walk(node: PlanNode, fn: (node: PlanNode, ancestors: PlanNode[]) => void, ancestors: PlanNode[] = []): void {
  fn(node, ancestors);
  for (const child of node.Plans ?? []) walk(child, fn, [...ancestors, node]);
}

/**
 * Seq Scans of big tables that the statement filters, joins or orders on, and Sorts above such a
 * scan on its columns. A scan of a small table (PgHero: under 10k rows) is cheaper than an index.
 */
async function findingsOf(root: PlanNode, clauses: StatementClauses, query: Query, minRows: number): Promise<ScanFinding[]> {
  const out: ScanFinding[] = [];
  const scans: Array<{ node: PlanNode; ancestors: PlanNode[] }> = [];
  walk(root, (node, ancestors) => {
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] !== undefined) scans.push({ node, ancestors });
  });
  for (const { node, ancestors } of scans) {
    const schema = node.Schema ?? 'public';
    const relation = node['Relation Name']!;
    const alias = node.Alias ?? relation;
    const table = `${quoteIdent(schema)}.${quoteIdent(relation)}`;
    const names = new Set([relation.toLowerCase(), alias.toLowerCase(), `${schema}.${relation}`.toLowerCase()]);
    const touched = (roles: string[]) => clauses.columns.some((c) => roles.includes(c.role) && (c.qualifier === undefined || names.has(c.qualifier)));
    const joinOnly = node.Filter === undefined && ancestors.some((a) => /Join|Nested Loop/.test(a['Node Type']));
    const sort = ancestors.find((a) => a['Node Type'] === 'Sort' && (a['Sort Key'] ?? []).some((k) => keyBelongs(k, alias, relation)));
    // A Filter is the plan's own word that rows are thrown away; a scan under a join must be joined on.
    const scanFinding = node.Filter !== undefined || (joinOnly && touched(['eq', 'range', 'join']));
    if (!scanFinding && !(sort && touched(['order']))) continue;
    const rows = Number((await query('SELECT reltuples::bigint AS n FROM pg_class WHERE oid = $1::regclass', [table])).rows[0]?.n ?? 0);
    if (rows < minRows) continue;
    if (scanFinding) {
      out.push({ kind: 'full-scan', table: `${schema}.${relation}`, detail: `Seq Scan on ${schema}.${relation}${node.Filter ? ` (Filter: ${node.Filter})` : ''}`, tableRows: rows, schema, relation, alias, joinOnly });
    } else if (sort) {
      out.push({ kind: 'sort', table: `${schema}.${relation}`, detail: `Sort (Sort Key: ${sort['Sort Key']!.join(', ')}) over Seq Scan on ${schema}.${relation}`, tableRows: rows, schema, relation, alias, joinOnly: false });
    }
  }
  return out;
}

function keyBelongs(key: string, alias: string, relation: string): boolean {
  const m = /^(?:"?([^".\s]+)"?\.)?"?([^".\s]+)"?/.exec(key.trim());
  if (m === null) return false;
  return m[1] === undefined || m[1] === alias || m[1] === relation;
}

/**
 * Dexter's method with the proof kept: create each candidate as a hypothetical index (HypoPG),
 * plan again, and keep the candidate with the lowest cost if the plan uses it and the cost fell
 * to at most `maxCostRatio` of the original (half by default).
 */
async function verifyHints(findings: ScanFinding[], root: PlanNode, clauses: StatementClauses, query: Query, explainOnce: () => Promise<PlanNode>, options: PgExplainOptions): Promise<void> {
  // The extension's schema, to call its functions whatever the connection's search_path.
  const schemaOf = async () => (await query("SELECT n.nspname AS ns FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'hypopg'")).rows[0]?.ns as string | undefined;
  let ns = await schemaOf();
  if (ns === undefined && options.createHypopg) {
    try {
      await query('CREATE EXTENSION IF NOT EXISTS hypopg');
      ns = await schemaOf();
    } catch {
      ns = undefined;
    }
  }
  if (ns === undefined) {
    const available = (await query("SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg'")).rows.length > 0;
    const note = available
      ? 'HypoPG is installed on the server but not created in this database (CREATE EXTENSION hypopg): hints are given only once verified'
      : 'HypoPG is not installed on the server (Debian: postgresql-15-hypopg): hints are given only once verified';
    for (const f of findings) f.hintNote = note;
    return;
  }
  const before = root['Total Cost'];
  for (const f of findings) {
    const table = `${quoteIdent(f.schema)}.${quoteIdent(f.relation)}`;
    const known = new Set((await query('SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped', [table])).rows.map((r) => String(r.attname)));
    const names = new Set([f.relation.toLowerCase(), f.alias.toLowerCase(), `${f.schema}.${f.relation}`.toLowerCase()]);
    const candidates = indexCandidates(clauses, names, known);
    if (candidates.length === 0) {
      f.hintNote = 'no column of the table is compared with a value, joined or ordered on in a way an index serves';
      continue;
    }
    let best: IndexHint | undefined;
    for (const cols of candidates) {
      const colSql = cols.map((c) => `${quoteIdent(c.column)}${c.desc ? ' DESC' : ''}`).join(', ');
      const create = `CREATE INDEX ON ${table} (${colSql})`;
      const { rows } = await query(`SELECT indexrelid FROM ${quoteIdent(ns)}.hypopg_create_index($1)`, [create]);
      const id = String(rows[0]!.indexrelid);
      try {
        const plan = await explainOnce();
        let uses = false;
        walk(plan, (n) => {
          if (n['Index Name']?.startsWith(`<${id}>`)) uses = true;
        });
        const after = plan['Total Cost'];
        if (uses && after <= before * options.maxCostRatio && (best === undefined || after < best.costAfter!)) {
          best = { sql: `CREATE INDEX ${quoteIdent(indexName(f.relation, cols))} ON ${table} (${colSql})`, table: f.table, columns: cols.map((c) => c.column), verifiedBy: 'hypopg', costBefore: before, costAfter: after };
        }
      } finally {
        await query(`SELECT ${quoteIdent(ns)}.hypopg_reset()`);
      }
    }
    if (best !== undefined) f.hint = best;
    else f.hintNote = `no candidate index (${candidates.map((c) => c.map((x) => x.column).join(', ')).join('; ')}) brought the planned cost to ${Math.round(options.maxCostRatio * 100)} % or less`;
  }
}

/** Findings without the fields used only inside this module. */
function publicFindings(findings: ScanFinding[]): PlanFinding[] {
  return findings.map(({ schema: _s, relation: _r, alias: _a, joinOnly: _j, ...rest }) => rest);
}
