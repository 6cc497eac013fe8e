/**
 * Additive v1 fields of the result file about the server's side of a run (schema/result.v1.json):
 * `queries`, the target's query table over the run (`loadline run --monitor`, when the target's
 * monitor has a query monitor attached), and `datastores`, Redis and PostgreSQL sampled every
 * interval (`--sample-redis`, `--sample-pg`). Times `t` are seconds on the axis of `series`.
 * Typed here, once: the core imports neither the monitor nor the db pillar, and those pillars build
 * their sampling and snapshot types from these.
 */

/** One statement over the run: counts and time are the run's; percentiles are since the service started. */
export interface RunQueryStatement {
  /** Stable fingerprint id (16 hex digits), or `__overflow__`. */
  id: string;
  driver: string;
  /** Normalized text: constants as placeholders, never values. */
  text: string;
  calls: number;
  rows: number;
  errors: number;
  totalMs: number;
  /** totalMs / calls over the run. */
  meanMs: number;
  /** HDR percentiles since the service started (the query monitor keeps one histogram per statement). */
  latencyMs?: { p50: number; p95: number; p99: number; max: number };
  /** The last calling line the query monitor saw. */
  callSite?: string;
}

/** A route's database time over the run, and each statement's share of it (0..1). */
export interface RunRouteQueries {
  route: string;
  queries: number;
  totalMs: number;
  statements: Array<{ id: string; text: string; calls: number; totalMs: number; share: number }>;
}

/** An N+1 pattern seen during the run. */
export interface RunNPlusOne {
  route: string;
  statementId: string;
  statement: string;
  callSite: string;
  /** Requests of the run in which it was seen. */
  requests: number;
  /** Most calls of the statement in one such request (since the service started). */
  maxCount: number;
}

/** A slow statement of the run (never its parameter values). */
export interface RunSlowQuery {
  /** Wall-clock ms (the server's clock) when it finished. */
  at: number;
  durationMs: number;
  driver: string;
  statementId: string;
  statement: string;
  route?: string;
  callSite?: string;
  paramCount: number;
  error?: string;
}

/** `queries`: the target's query table over the run. */
export interface RunQueries {
  /** Base URL of the target's monitor. */
  source: string;
  /**
   * `run`: the difference of the query monitor's snapshots at the run's start and end;
   * `process`: since the service started (the start snapshot could not be taken).
   */
  window: 'run' | 'process';
  /** The query monitor's slow threshold. */
  slowMs: number;
  /** Statements with calls during the run, most total time first (top 20). */
  statements: RunQueryStatement[];
  /** Routes with queries during the run, most database time first. */
  routes: RunRouteQueries[];
  nPlusOne: RunNPlusOne[];
  /** Slow statements of the run, newest first (the query monitor's ring holds the latest 100 by default). */
  slow: RunSlowQuery[];
  /** Slow statements during the run, all of them. */
  slowTotal: number;
}

/** A sample that failed (the server went away, a timeout): when, and why, credentials scrubbed. */
export interface DatastoreGap {
  t: number;
  error: string;
}

/** Redis INFO over one interval. */
export interface RedisSamplePoint {
  t: number;
  /** Commands processed per second. */
  opsPerSec: number;
  /** Keyspace hits over hits plus misses; null without lookups. */
  hitRate: number | null;
  usedMemoryBytes: number;
  connectedClients: number;
  /** Keys evicted during the interval. */
  evictions: number;
}

/** pg_stat_database over one interval. */
export interface PgSamplePoint {
  t: number;
  /** Backends connected to the database. */
  connections: number;
  commitsPerSec: number;
  rollbacksPerSec: number;
  /** Blocks found in shared buffers over blocks read; null when none were read. */
  cacheHitRatio: number | null;
}

/** A statement of pg_stat_statements over the sampling (deltas), normalized by loadline. */
export interface PgSampleStatement {
  queryId: string;
  /** Normalized again by loadline: PostgreSQL keeps utility statements (ALTER ROLE ... PASSWORD) verbatim. */
  text: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
}

/** `datastores`: Redis and PostgreSQL sampled during the run. Sources carry no credentials. */
export interface RunDatastores {
  intervalMs: number;
  redis?: { source: string; points: RedisSamplePoint[]; gaps: DatastoreGap[] };
  pg?: {
    source: string;
    points: PgSamplePoint[];
    gaps: DatastoreGap[];
    /** The server's top statements (pg_stat_statements), or why there are none. */
    statements: { available: true; top: PgSampleStatement[] } | { available: false; note: string };
  };
}
