import { invalidInput } from '../../core/errors/errors.js';
import { checkKnownKeys, checkString } from '../../core/options.js';
import { describeTarget, isPgClient, isPgPool, type PgClientLike, type PgPoolLike, type PgResultLike } from '../driverTypes.js';
import { nowUs } from '../monitor/nowUs.js';
import { defaultQueryMonitor, QueryMonitor, type PendingCall } from '../monitor/QueryMonitor.js';
import { PoolStats } from './PoolStats.js';

export interface InstrumentPgOptions {
  /** The store to report to; default `defaultQueryMonitor()`. */
  monitor?: QueryMonitor;
  /** Pool name in metrics and snapshots; default the pool's database name, else `pg`. */
  name?: string;
}

const kInstrumented = Symbol.for('loadline.db.pgInstrumented');
const kHandoff = Symbol('loadline.db.pgHandoff');

interface Marked {
  [kInstrumented]?: true;
  [kHandoff]?: PendingCall;
}

/**
 * The call a `pool.query()` started, handed to the client the pool acquires for it. pg-pool's
 * query calls `this.connect(cb)` synchronously, and in `cb` calls `client.query()`
 * synchronously: the variable carries the call across the first step, a property of the client
 * across the second. Why not simply read the request context in `client.query`: a caller that
 * queued for a connection gets it in the context of whoever released it.
 */
let handoff: PendingCall | undefined;

/**
 * Instruments a node-postgres `Pool` or `Client` in place and returns it. Every query (text or
 * config object, parameters, named prepared statements, promise and callback forms, clients
 * from `pool.connect()`, transactions on them) is timed and recorded by fingerprint, route and
 * calling line; results, errors and types are unchanged. For a pool, the time each caller waited
 * for a connection is recorded apart from the statement's own time. Cursors and streams
 * (submittables) pass through unrecorded. Instrumenting twice changes nothing.
 *
 * @example
 * import pg from 'pg';
 * const pool = instrumentPg(new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 }));
 * await pool.query('SELECT * FROM users WHERE id = $1', [1]);
 */
export function instrumentPg<T>(poolOrClient: T, options: InstrumentPgOptions = {}): T {
  const pool = isPgPool(poolOrClient);
  if (!pool && !isPgClient(poolOrClient)) throw invalidInput({ field: 'poolOrClient', value: describeTarget(poolOrClient), expected: 'a pg Pool or Client' });
  if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object' });
  checkKnownKeys(options, ['monitor', 'name']);
  if (options.monitor !== undefined && !(options.monitor instanceof QueryMonitor)) throw invalidInput({ field: 'monitor', value: describeTarget(options.monitor), expected: 'a QueryMonitor from createQueryMonitor()' });
  const name = options.name === undefined ? undefined : checkString(options.name, 'name');
  const monitor = options.monitor ?? defaultQueryMonitor();
  if (pool) instrumentPool(poolOrClient as PgPoolLike, monitor, name ?? databaseOf(poolOrClient as PgPoolLike));
  else instrumentClient(poolOrClient as PgClientLike, monitor, undefined);
  return poolOrClient;
}

function databaseOf(pool: PgPoolLike): string {
  const o = pool.options;
  if (typeof o.database === 'string' && o.database) return o.database;
  if (typeof o.connectionString === 'string') {
    try {
      const db = decodeURIComponent(new URL(o.connectionString).pathname.slice(1));
      if (db) return db;
    } catch {
      // not a URL: fall through
    }
  }
  return 'pg';
}

function instrumentPool(pool: PgPoolLike & Marked, monitor: QueryMonitor, name: string): void {
  if (pool[kInstrumented]) return;
  Object.defineProperty(pool, kInstrumented, { value: true });
  const stats = new PoolStats(name, pool);
  monitor.addSource(stats);
  const query = pool.query;
  const connect = pool.connect;
  const mutable = pool as { query: PgPoolLike['query']; connect: PgPoolLike['connect'] };

  mutable.query = function (this: PgPoolLike, config: unknown) {
    const text = textOf(config);
    if (text === undefined) return query.apply(this, arguments as unknown as unknown[]);
    const previous = handoff;
    handoff = monitor.startCall(monitor.statement('pg', text));
    try {
      return query.apply(this, arguments as unknown as unknown[]);
    } finally {
      handoff = previous;
    }
  };
  mutable.connect = function (this: PgPoolLike, callback?: (err: unknown, client?: PgClientLike, release?: unknown) => void) {
    const call = handoff;
    handoff = undefined;
    stats.noteRequest();
    const t0 = nowUs();
    const acquired = (error: unknown, client: (PgClientLike & Marked) | undefined) => {
      const now = nowUs();
      const us = now - t0;
      stats.noteAcquired(us, error !== undefined && error !== null);
      monitor.observePoolWait(name, us);
      if (client !== undefined && client !== null) {
        instrumentClient(client, monitor, pool);
        if (call !== undefined) {
          // pool.query's statement starts now, on its connection: pg-pool calls client.query next, synchronously.
          call.startUs = now;
          client[kHandoff] = call;
        }
      }
    };
    if (typeof callback === 'function') {
      return connect.call(this, (err: unknown, client?: PgClientLike, release?: unknown) => {
        acquired(err, client);
        callback(err, client, release);
      });
    }
    return connect.call(this).then(
      (client: PgClientLike) => {
        acquired(undefined, client);
        return client;
      },
      (err: unknown) => {
        acquired(err, undefined);
        throw err;
      },
    );
  };
}

function instrumentClient(client: PgClientLike & Marked, monitor: QueryMonitor, pool: PgPoolLike | undefined): void {
  if (client[kInstrumented]) return;
  Object.defineProperty(client, kInstrumented, { value: true });
  const query = client.query;
  (client as { query: PgClientLike['query'] }).query = function (this: PgClientLike & Marked, config: unknown, values?: unknown, callback?: unknown) {
    const pending = this[kHandoff];
    if (pending !== undefined) this[kHandoff] = undefined;
    const text = textOf(config);
    if (text === undefined) return query.apply(this, arguments as unknown as unknown[]);
    const st = pending?.statement ?? monitor.statement('pg', text);
    const call: PendingCall = pending ?? monitor.startCall(st);
    const params = Array.isArray(values) ? values : (config as { values?: unknown }).values;
    const target = st.readOnly ? (pool ?? this) : undefined;
    const finish = (error: unknown, result: unknown) => monitor.finishCall(call, error === undefined ? rowsOf(result) : 0, error, target, text, params);

    const cb = typeof callback === 'function' ? callback : typeof values === 'function' ? values : typeof config === 'object' ? (config as { callback?: unknown }).callback : undefined;
    if (typeof cb === 'function') {
      const wrapped = (err: unknown, res: unknown) => {
        finish(err ?? undefined, res);
        return cb(err, res);
      };
      if (typeof callback === 'function') return query.call(this, config, values, wrapped);
      if (typeof values === 'function') return query.call(this, config, wrapped);
      return query.call(this, { ...(config as object), callback: wrapped }, values);
    }
    let result: unknown;
    try {
      result = query.apply(this, arguments as unknown as unknown[]);
    } catch (e) {
      finish(e, undefined);
      throw e;
    }
    if (result !== null && typeof result === 'object' && typeof (result as Promise<unknown>).then === 'function') {
      return (result as Promise<unknown>).then(
        (res) => {
          finish(undefined, res);
          return res;
        },
        (err: unknown) => {
          finish(err, undefined);
          throw err;
        },
      );
    }
    return result;
  };
}

/** The statement text of a query's first argument, or undefined for what is not recorded (submittables, bad input pg rejects itself). */
function textOf(config: unknown): string | undefined {
  if (typeof config === 'string') return config;
  if (typeof config !== 'object' || config === null || typeof (config as { submit?: unknown }).submit === 'function') return undefined;
  const c = config as { text?: unknown; name?: unknown };
  if (typeof c.text === 'string') return c.text;
  if (typeof c.name === 'string') return `EXECUTE ${c.name}`;
  return undefined;
}

function rowsOf(result: unknown): number {
  if (Array.isArray(result)) return result.reduce((n: number, r) => n + rowsOf(r), 0);
  const r = result as PgResultLike | undefined;
  return r?.rowCount ?? r?.rows?.length ?? 0;
}
