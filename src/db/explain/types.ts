/** An index that would remove a finding, with the proof it was checked against the planner. */
export interface IndexHint {
  /** The statement to run, e.g. `CREATE INDEX ON public.posts (topic_id, created_at)`. */
  sql: string;
  table: string;
  columns: string[];
  /**
   * `hypopg`: PostgreSQL planned with a hypothetical index and the cost fell by at least half;
   * `schema-copy`: SQLite planned against an in-memory copy of the schema with the index, and used it.
   */
  verifiedBy: 'hypopg' | 'schema-copy';
  /** Planner cost before and with the index (PostgreSQL). */
  costBefore?: number;
  costAfter?: number;
}

/** What the plan shows that an index could fix. */
export type FindingKind =
  /** PostgreSQL Seq Scan with a Filter, SQLite SCAN of a table the statement filters or joins on. */
  | 'full-scan'
  /** PostgreSQL Sort, SQLite USE TEMP B-TREE FOR ORDER BY: rows sorted for want of an ordered index. */
  | 'sort';

export interface PlanFinding {
  kind: FindingKind;
  /** Table as the plan names it (schema-qualified on PostgreSQL). */
  table: string;
  /** The plan's own words: `Seq Scan on posts, Filter: (topic_id = 5)`, `SCAN posts`. */
  detail: string;
  /** Estimated rows of the table (PostgreSQL's reltuples; SQLite: counted, up to the minimum size). */
  tableRows?: number;
  /** The verified hint; absent when no candidate index passed verification (see `hintNote`). */
  hint?: IndexHint;
  /** Why there is no hint, when there is none. */
  hintNote?: string;
}

export interface ExplainResult {
  /** False when the statement could not be explained; `reason` says why. */
  ok: boolean;
  driver: 'pg' | 'sqlite';
  /** The statement's fingerprint id, when it came from the monitor. */
  statementId?: string;
  /** Wall-clock ms of the explain. */
  at: number;
  reason?: string;
  /** Total planner cost (PostgreSQL). */
  cost?: number;
  /** The plan: PostgreSQL's JSON plan, or SQLite's EXPLAIN QUERY PLAN rows. */
  plan?: unknown;
  findings: PlanFinding[];
}

export interface ExplainOptions {
  /** Tables with fewer (estimated) rows get no finding: a scan of them is cheap; default 10000 (PgHero's). */
  minTableRows?: number;
  /** PostgreSQL: create the HypoPG extension when available but not created; default false. */
  createHypopg?: boolean;
  /** Planner cost must fall to at most this fraction with the hinted index; default 0.5 (Dexter's). */
  maxCostRatio?: number;
}
