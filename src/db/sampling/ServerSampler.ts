import { systemClock, type Clock, type TimerHandle } from '../../core/clock.js';
import { invalidInput } from '../../core/errors/errors.js';
import { importPeer } from '../../core/errors/optionalPeer.js';
import { checkInteger, checkKnownKeys, checkNumber, checkString } from '../../core/options.js';
import { PG_STAT_DATABASE_SQL, PG_STAT_STATEMENTS_SQL, pgCounters, pgPoint, topStatements, type PgCounters, type PgPoint, type PgStatementRow, type PgTopStatement } from './pgStats.js';
import { redactUrl, scrub, secretsOf } from './redactUrl.js';
import { parseInfo, redisCounters, redisPoint, type RedisCounters, type RedisPoint } from './redisInfo.js';

export interface ServerSamplingOptions {
  /** Redis to sample with INFO (`redis://host:port`); default none. */
  redisUrl?: string;
  /** PostgreSQL to sample (pg_stat_database, pg_stat_statements); default none. */
  pgUrl?: string;
  /** ms between samples; default 1000. */
  intervalMs?: number;
  /** Wall-clock ms that `t` counts from (the run's measured start); default when sampling starts. */
  originMs?: number;
  /** Statements listed from pg_stat_statements; default 10. */
  topStatements?: number;
  /** ms a sample may take before it counts as a gap; default 2000. */
  timeoutMs?: number;
  /** Time source; default the system clock. */
  clock?: Clock;
}

/** A sample that failed: when, and why (credentials scrubbed). */
export interface SampleGap {
  t: number;
  error: string;
}

export interface RedisSeries {
  /** The URL without credentials. */
  source: string;
  points: RedisPoint[];
  gaps: SampleGap[];
}

export interface PgSeries {
  source: string;
  points: PgPoint[];
  gaps: SampleGap[];
  /** The server's top statements over the sampling, from pg_stat_statements, or why there are none. */
  statements: { available: true; top: PgTopStatement[] } | { available: false; note: string };
}

/** What sampling produced: additive fields for the result file, `t` in seconds on the run's axis. */
export interface ServerSeries {
  intervalMs: number;
  redis?: RedisSeries;
  pg?: PgSeries;
}

export interface ServerSampler {
  /** The series so far. */
  series(): ServerSeries;
  /** Resolves when the sample in flight (if any) is done. */
  flush(): Promise<void>;
  /** Stops sampling, reads pg_stat_statements a last time, closes the connections; returns the series. */
  stop(): Promise<ServerSeries>;
}

interface RedisLike {
  info(): Promise<string>;
  disconnect(): void;
}
interface PgLike {
  connect(): Promise<unknown>;
  query(text: string): Promise<{ rows: Array<Record<string, unknown>> }>;
  end(): Promise<void>;
  on(event: 'error', fn: (e: unknown) => void): unknown;
}

const NOT_ENABLED = 'pg_stat_statements is not enabled on this server: add it to shared_preload_libraries, restart, and run CREATE EXTENSION pg_stat_statements to see the server\'s top statements';

/**
 * Samples Redis INFO and PostgreSQL's statistics views every `intervalMs` during a run: the
 * server's side of the load. A sample that fails (the server went away) is recorded as a gap and
 * the connection is opened again for the next one; sampling never throws into the run.
 * Credentials in the URLs never reach the series or error texts. Drivers are loaded only when
 * their URL is given (ioredis and pg are optional peers: without one, each sample of that server
 * is a gap saying what to install).
 *
 * @example
 * const sampler = startServerSampling({ redisUrl: 'redis://127.0.0.1:6379', pgUrl: process.env.DATABASE_URL });
 * // ... run the load ...
 * const server = await sampler.stop(); // { redis: { points, gaps }, pg: { points, gaps, statements } }
 */
export function startServerSampling(options: ServerSamplingOptions): ServerSampler {
  if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object' });
  checkKnownKeys(options, ['redisUrl', 'pgUrl', 'intervalMs', 'originMs', 'topStatements', 'timeoutMs', 'clock']);
  const redisUrl = options.redisUrl === undefined ? undefined : checkUrl(options.redisUrl, 'redisUrl', ['redis:', 'rediss:']);
  const pgUrl = options.pgUrl === undefined ? undefined : checkUrl(options.pgUrl, 'pgUrl', ['postgres:', 'postgresql:']);
  if (redisUrl === undefined && pgUrl === undefined) throw invalidInput({ field: 'redisUrl', expected: 'redisUrl or pgUrl (or both): nothing to sample' });
  const intervalMs = options.intervalMs === undefined ? 1000 : checkNumber(options.intervalMs, 'intervalMs', { min: 10 });
  const top = options.topStatements === undefined ? 10 : checkInteger(options.topStatements, 'topStatements', { min: 0 });
  const timeoutMs = options.timeoutMs === undefined ? 2000 : checkNumber(options.timeoutMs, 'timeoutMs', { above: 0 });
  const clock = options.clock ?? systemClock;
  const originMs = options.originMs === undefined ? clock.wallNow() : checkNumber(options.originMs, 'originMs');
  const t = () => Math.round(clock.wallNow() - originMs) / 1000;
  const withTimeout = <T>(p: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      p.then(
        (v) => (clearTimeout(timer), resolve(v)),
        (e: unknown) => (clearTimeout(timer), reject(e)),
      );
    });

  const redis: RedisSeries | undefined = redisUrl === undefined ? undefined : { source: redactUrl(redisUrl), points: [], gaps: [] };
  const pg: PgSeries | undefined = pgUrl === undefined ? undefined : { source: redactUrl(pgUrl), points: [], gaps: [], statements: { available: false, note: 'not read yet' } };
  const redisSecrets = redisUrl === undefined ? [] : secretsOf(redisUrl);
  const pgSecrets = pgUrl === undefined ? [] : secretsOf(pgUrl);
  let redisClient: RedisLike | undefined;
  let pgClient: PgLike | undefined;
  let redisLast: RedisCounters | undefined;
  let pgLast: PgCounters | undefined;
  let statementsBefore: PgStatementRow[] | undefined;
  let statementsChecked = false;

  const sampleRedis = async () => {
    try {
      if (redisClient === undefined) {
        const { Redis } = await importPeer<{ Redis: new (url: string, o: object) => RedisLike & { connect(): Promise<void> } }>('ioredis', { neededFor: 'redisUrl: sampling Redis', field: 'redisUrl' });
        const c = new Redis(redisUrl!, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: timeoutMs });
        (c as unknown as { on(e: string, f: () => void): void }).on('error', () => {});
        redisClient = c;
        await withTimeout(c.connect());
      }
      const now = redisCounters(parseInfo(await withTimeout(redisClient.info())), clock.wallNow());
      if (redisLast !== undefined) redis!.points.push(redisPoint(redisLast, now, t()));
      redisLast = now;
    } catch (e) {
      redis!.gaps.push({ t: t(), error: scrub(messageOf(e), redisSecrets) });
      redisClient?.disconnect();
      redisClient = undefined;
      redisLast = undefined;
    }
  };

  const samplePg = async () => {
    try {
      if (pgClient === undefined) {
        const mod = await importPeer<{ default: { Client: new (o: object) => PgLike } }>('pg', { neededFor: 'pgUrl: sampling PostgreSQL', field: 'pgUrl' });
        const c = new mod.default.Client({ connectionString: pgUrl, connectionTimeoutMillis: timeoutMs, statement_timeout: timeoutMs, application_name: 'loadline-sampler' });
        c.on('error', () => {});
        pgClient = c;
        await withTimeout(c.connect());
      }
      const client = pgClient;
      const row = (await withTimeout(client.query(PG_STAT_DATABASE_SQL))).rows[0] ?? {};
      const now = pgCounters(row, clock.wallNow());
      if (pgLast !== undefined) pg!.points.push(pgPoint(pgLast, now, t()));
      pgLast = now;
      if (!statementsChecked) {
        statementsChecked = true;
        statementsBefore = await readStatements(client);
        pg!.statements = statementsBefore === undefined ? { available: false, note: NOT_ENABLED } : { available: true, top: [] };
      }
    } catch (e) {
      pg!.gaps.push({ t: t(), error: scrub(messageOf(e), pgSecrets) });
      const c = pgClient;
      pgClient = undefined;
      pgLast = undefined;
      await c?.end().catch(() => {});
    }
  };

  const readStatements = async (client: PgLike): Promise<PgStatementRow[] | undefined> => {
    try {
      return (await withTimeout(client.query(PG_STAT_STATEMENTS_SQL))).rows as unknown as PgStatementRow[];
    } catch {
      return undefined; // the view is missing, or the library is not preloaded
    }
  };

  let inFlight: Promise<void> | undefined;
  let timer: TimerHandle | undefined;
  let stopped = false;
  const sample = () => {
    inFlight = Promise.all([redis ? sampleRedis() : undefined, pg ? samplePg() : undefined]).then(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  const schedule = () => {
    if (stopped) return;
    timer = clock.setTimeout(() => {
      void sample().then(schedule);
    }, intervalMs);
    timer.unref?.();
  };
  void sample().then(schedule);

  const series = (): ServerSeries => ({ intervalMs, ...(redis ? { redis: structuredClone(redis) } : {}), ...(pg ? { pg: structuredClone(pg) } : {}) });
  return {
    series,
    flush: async () => {
      while (inFlight !== undefined) await inFlight;
    },
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      while (inFlight !== undefined) await inFlight;
      if (pg && pgClient === undefined && statementsBefore !== undefined) {
        pg.statements = { available: false, note: 'PostgreSQL could not be reached at the end of sampling: no statement deltas' };
      } else if (pg && pgClient !== undefined && statementsBefore !== undefined) {
        const after = await readStatements(pgClient);
        pg.statements = after === undefined ? { available: false, note: NOT_ENABLED } : { available: true, top: topStatements(statementsBefore, after, top) };
      }
      await pgClient?.end().catch(() => {});
      redisClient?.disconnect();
      pgClient = undefined;
      redisClient = undefined;
      return series();
    },
  };
}

function checkUrl(value: unknown, field: string, protocols: string[]): string {
  const url = checkString(value, field);
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw invalidInput({ field, value: redactUrl(url), expected: `a URL such as ${protocols[0]}//127.0.0.1` });
  }
  if (!protocols.includes(protocol)) throw invalidInput({ field, value: redactUrl(url), expected: `a ${protocols.join(' or ')} URL` });
  return url;
}

function messageOf(e: unknown): string {
  const m = e instanceof Error ? e.message || e.name : String(e);
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && !m.includes(code) ? `${code}: ${m}` : m;
}
