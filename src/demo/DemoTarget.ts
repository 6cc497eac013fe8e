import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkNumber, checkOptionalInteger, SeededRandom } from '../core/index.js';
import { lognormal } from './lognormal.js';

/** Options of the embedded sample target. */
export interface DemoTargetOptions {
  /** Port to listen on; default 0 (a free port). */
  port?: number;
  /** Interface to listen on; default `127.0.0.1` (loopback only). */
  host?: string;
  /** Multiplies every simulated delay; default 1, 0 answers at once (tests). */
  latencyScale?: number;
  /** Seed of the latency sampler; default 42. */
  seed?: number;
  /** Wraps the request handler, e.g. with a runtime monitor's `monitorHandler`; default none. */
  wrap?: (handler: RequestListener) => RequestListener;
}

/**
 * Route template of a request to the sample target, for per-route metrics.
 *
 * @example
 * demoRoute({ url: '/api/users/7' } as IncomingMessage); // '/api/users/:id'
 */
export function demoRoute(req: IncomingMessage): string | undefined {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path === '/api/health' || path === '/api/users' || path === '/api/projects') return path;
  return /^\/api\/users\/\d+$/.test(path) ? '/api/users/:id' : undefined;
}

/** A running sample target. */
export interface DemoTarget {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** The node:http server, e.g. to attach a runtime monitor to it. */
  readonly server: Server;
  /** Requests served so far. */
  readonly served: number;
  close(): Promise<void>;
}

const USERS = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, name: `User ${i + 1}`, email: `user${i + 1}@example.test`, active: i % 7 !== 0 }));
const PROJECTS = Array.from({ length: 40 }, (_, i) => ({ id: i + 1, name: `Project ${i + 1}`, owner: (i * 13) % 100 + 1, status: ['active', 'paused', 'done'][i % 3] }));

/**
 * Starts loadline's sample target: a node:http JSON API with a realistic latency spread
 * (lognormal per endpoint). `GET /api/health` (about 1 ms), `/api/users` (a page of users, median
 * 12 ms), `/api/users/:id` (median 6 ms, 404 past id 100), `/api/projects` (median 25 ms, long
 * tail); anything else is 404. Listens on loopback unless told otherwise.
 *
 * @example
 * const target = await startDemoTarget();
 * // loadline run ${target.url}/api/users --vus 20 --duration 10s
 * await target.close();
 */
export async function startDemoTarget(options: DemoTargetOptions = {}): Promise<DemoTarget> {
  const port = checkOptionalInteger(options.port, 'port', { min: 0, max: 65535 }) ?? 0;
  const scale = options.latencyScale === undefined ? 1 : checkNumber(options.latencyScale, 'latencyScale', { min: 0 });
  const rng = new SeededRandom(options.seed ?? 42);
  const random = () => rng.next();
  const delays = {
    health: lognormal(0.8, 0.3, random),
    users: lognormal(12, 0.45, random),
    user: lognormal(6, 0.4, random),
    projects: lognormal(25, 0.6, random),
  };
  let served = 0;
  const timers = new Set<NodeJS.Timeout>();

  const send = (res: ServerResponse, status: number, body: unknown, delayMs: number) => {
    const payload = JSON.stringify(body);
    const write = () => {
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
    };
    const ms = delayMs * scale;
    if (ms < 0.5) return write();
    const t = setTimeout(() => {
      timers.delete(t);
      write();
    }, ms);
    timers.add(t);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    served++;
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' }, 0);
    if (path === '/api/health') return send(res, 200, { status: 'ok', uptimeS: Math.round(process.uptime()) }, delays.health());
    if (path === '/api/users') return send(res, 200, { users: USERS.slice(0, 20), total: USERS.length }, delays.users());
    if (path === '/api/projects') return send(res, 200, { projects: PROJECTS, total: PROJECTS.length }, delays.projects());
    const m = /^\/api\/users\/(\d+)$/.exec(path);
    if (m) {
      const user = USERS[Number(m[1]) - 1];
      return user ? send(res, 200, user, delays.user()) : send(res, 404, { error: 'no such user' }, delays.user());
    }
    send(res, 404, { error: 'not found' }, 0);
  };

  const server = createServer(options.wrap ? options.wrap(handle) : handle);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    server,
    get served() {
      return served;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
