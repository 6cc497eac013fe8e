import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LruCache, ResponseCache, responseCacheExpress } from '../cache/index.js';
import { isMissingPackage, missingPeer } from '../core/index.js';
import { createRateLimitCheck, RateProfiles } from '../guard/index.js';
import type { ForumDatabase } from './data/ForumStore.js';
import type { ForumVolumes } from './data/generateForum.js';
import { fixesOn, type ForumFix } from './fixes.js';
import { ForumInstruments } from './ForumInstruments.js';
import { resolveForumOptions, type ForumOptions, type ResolvedForumOptions } from './ForumOptions.js';
import { portInUse } from './forumErrors.js';
import { ForumHandler } from './http/ForumHandler.js';
import { sendError, sendJson } from './http/json.js';
import { matchRoute, type RouteMatch } from './http/routes.js';
import { attachWebSocket } from './realtime/attachWebSocket.js';
import { LeakyRooms } from './realtime/LeakyRooms.js';
import type { RoomHub } from './realtime/RoomHub.js';
import { Rooms } from './realtime/Rooms.js';
import { BoundedSessions, UnboundedSessions, type SessionStore } from './services/SessionStore.js';

/** What leaks show in: live sessions, sockets and room listeners, and the process's memory. */
export interface ForumStats {
  sessions: number;
  wsClients: number;
  /** Room memberships held: without `ws-cleanup` these outlive their sockets. */
  roomListeners: number;
  heapUsedBytes: number;
  rssBytes: number;
}

/** A running forum. */
export interface ForumServer {
  /** `http://host:port`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly mode: 'naive' | 'optimized';
  /** The backend: SQLite (default) or PostgreSQL (`databaseUrl`). */
  readonly database: 'sqlite' | 'postgres';
  /** The fixes in force, in FORUM_FIXES order. */
  readonly fixes: ForumFix[];
  readonly volumes: ForumVolumes;
  /** Generating and writing the data. Milliseconds. */
  readonly seedMs: number;
  /** The process serving it (this one, or the child's with `childProcess`). */
  readonly pid: number;
  /** Where loadline's instruments answer; absent with `instrument: false`. */
  readonly monitorUrls: ForumMonitorUrls | undefined;
  stats(): Promise<ForumStats>;
  /** Closes sockets, the server, the instruments and the database (removing a temporary data folder). */
  close(): Promise<void>;
}

export interface ForumMonitorUrls {
  metrics: string;
  dashboard: string;
  live: string;
  ready: string;
  stats: string;
  queries: string;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? portInUse(port, host) : err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function openDatabase(o: ResolvedForumOptions, instruments: ForumInstruments | undefined): Promise<ForumDatabase> {
  if (o.databaseUrl !== undefined) {
    const { PgForumDatabase } = await import('./data/pg/PgForumDatabase.js');
    return PgForumDatabase.open({ databaseUrl: o.databaseUrl, scale: o.scale, seed: o.seed, fixes: o.fixes, ...(instruments ? { instrument: (pool) => instruments.instrumentPg(pool) } : {}) });
  }
  let sqlite: typeof import('./data/sqlite/SqliteForumDatabase.js');
  try {
    sqlite = await import('./data/sqlite/SqliteForumDatabase.js');
  } catch (err) {
    // better-sqlite3 is an optional peer dependency: loadline's users install it to run the forum.
    if (isMissingPackage(err, 'better-sqlite3')) throw missingPeer({ peer: 'better-sqlite3', neededFor: 'the forum on SQLite', otherwise: 'give databaseUrl (PostgreSQL)' }, err);
    throw err;
  }
  return new sqlite.SqliteForumDatabase({ dataDir: o.dataDir, scale: o.scale, seed: o.seed, fixes: o.fixes, ...(instruments ? { instrument: (db) => instruments.instrumentSqlite(db) } : {}) });
}

/**
 * Starts the reference forum (seed 003's forum and wiki API) on loopback, seeded
 * deterministically: `naive` reproduces the seed's bottlenecks from real causes, `optimized`
 * fixes each with loadline's parts, and `fixes`/`withoutFixes` switch them one by one. With
 * `childProcess` it runs in its own Node process, so a load generator in this one does not
 * share its CPU.
 *
 * @example
 * const forum = await startForum({ mode: 'optimized', scale: 0.1 });
 * await fetch(`${forum.url}/api/forums/topics`);
 * await forum.close();
 */
export async function startForum(options: ForumOptions = {}): Promise<ForumServer> {
  const o = resolveForumOptions(options);
  if (o.childProcess) {
    const { startForumProcess } = await import('./forumProcess.js');
    return startForumProcess(options, o);
  }
  let ready: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => (ready ? ready(req, res) : sendError(res, 503, 'starting')));
  server.keepAliveTimeout = 65_000;
  // The port is taken before seeding, so a port in use fails at once and writes nothing.
  const port = await listen(server, o.port, o.host);
  let instruments: ForumInstruments | undefined;
  let db: ForumDatabase | undefined;
  try {
    instruments = o.instrument ? new ForumInstruments({ token: o.token, slowQueryMs: o.slowQueryMs }) : undefined;
    db = await openDatabase(o, instruments);
  } catch (err) {
    await instruments?.close();
    await closeServer(server);
    throw err;
  }
  const database = db;
  const fixes = o.fixes;
  const monitor = instruments?.monitor;
  const sessions: SessionStore = fixes.sessions ? new BoundedSessions(o.maxSessions, o.sessionTtlMs, monitor) : new UnboundedSessions(o.sessionTtlMs);
  const cache = fixes.cache ? new LruCache<string>({ maxBytes: 64 * 1024 * 1024, name: 'forum', ...(monitor ? { metrics: monitor } : {}) }) : undefined;
  const responseCache = fixes['http-cache'] ? new ResponseCache({ ttlMs: 10_000, ...(monitor ? { metrics: monitor } : {}) }) : undefined;
  const profiles = fixes['rate-limit'] ? new RateProfiles(monitor ? { metrics: monitor } : {}) : undefined;
  const loginLimit = profiles ? createRateLimitCheck<IncomingMessage & { loginKey?: string }>({ profiles, profileFor: () => 'auth', keyBy: (req) => req.loginKey }) : undefined;
  const rooms: RoomHub = fixes['ws-cleanup'] ? new Rooms() : new LeakyRooms();
  const handler = new ForumHandler({
    db: database,
    deps: { fixes, sessions, cache },
    rooms,
    responseCache,
    loginLimit,
  });
  const websocket = attachWebSocket(server, rooms);
  const cachedRead = responseCache ? responseCacheExpress(responseCache) : undefined;

  const route = (req: IncomingMessage, res: ServerResponse, match: RouteMatch | undefined) => {
    if (match === undefined) return sendError(res, 404, 'not found');
    if (cachedRead !== undefined && (match.name === 'topics' || match.name === 'thread' || match.name === 'wikiPage')) {
      cachedRead(req, res, () => void handler.handle(req, res, match));
      return;
    }
    void handler.handle(req, res, match);
  };
  if (instruments) {
    instruments.monitor.registerCheck('database', () => database.ping(), { critical: true, timeoutMs: 1000 });
    instruments.monitor.gauge({ name: 'forum_sessions', help: 'Sessions held in memory', collect: () => sessions.size });
    instruments.monitor.gauge({ name: 'forum_ws_clients', help: 'Open WebSocket connections', collect: () => websocket.clients() });
    instruments.monitor.gauge({ name: 'forum_room_listeners', help: 'WebSocket room memberships held (outlive their sockets without ws-cleanup)', collect: () => rooms.listenerCount() });
    ready = instruments.wrap(route);
  } else {
    ready = (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/health/live') return sendJson(res, 200, '{"status":"ok"}');
      if (path === '/health/ready') {
        Promise.resolve()
          .then(() => database.ping())
          .then(
            () => sendJson(res, 200, '{"status":"ok"}'),
            () => sendJson(res, 503, '{"status":"down"}'),
          );
        return;
      }
      route(req, res, matchRoute(req));
    };
  }

  const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    mode: o.mode,
    database: database.kind,
    fixes: fixesOn(fixes),
    volumes: database.volumes,
    seedMs: database.seedMs,
    pid: process.pid,
    monitorUrls: instruments
      ? { metrics: `${url}/metrics`, dashboard: `${url}/loadline`, live: `${url}/health/live`, ready: `${url}/health/ready`, stats: `${url}/api/performance/stats`, queries: `${url}/api/performance/queries` }
      : undefined,
    async stats() {
      const m = process.memoryUsage();
      return { sessions: sessions.size, wsClients: websocket.clients(), roomListeners: rooms.listenerCount(), heapUsedBytes: m.heapUsed, rssBytes: m.rss };
    },
    close() {
      closing ??= (async () => {
        websocket.close();
        await instruments?.monitor.stop();
        await closeServer(server);
        await instruments?.close();
        await database.close();
      })();
      return closing;
    },
  };
}
