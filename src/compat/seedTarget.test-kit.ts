import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback server answering the endpoints of the seeds' k6 and Artillery scripts, counting requests. */
export interface SeedTarget {
  url: string;
  server: Server;
  /** Requests by `METHOD /path` (query dropped). */
  counts: Map<string, number>;
  /** Bodies of the logins, parsed. */
  logins: Array<{ email?: string; password?: string }>;
  /** Authorization headers seen on authenticated endpoints. */
  tokens: Set<string>;
  /** Query parameters of each `/echo` request. */
  echoes: Array<Record<string, string>>;
  count(key: string): number;
  close(): Promise<void>;
}

export interface SeedTargetOptions {
  /** Delay before each answer, ms; default 0. */
  delayMs?: number;
  /** Status of every `/api/v1/media` answer; default 200. */
  mediaStatus?: number;
}

/**
 * Seed 002's API (`POST /api/v1/auth/login` returning `{ token }`, then `/users/me`, `/media`,
 * `/media/search`, `/playlists` behind `Authorization: Bearer <token>`) and seed 003's forum
 * reads (`/api/forums/topics`, `/api/forums/1/posts`, `/api/wiki/pages/1`), plus a few test
 * helpers: `/echo` (the request as JSON), `/redirect` (302 to `/echo`), `/cookie` (sets `sid`),
 * `/data.json`. Unknown paths answer 404; a protected path without a token 401.
 */
export async function startSeedTarget(options: SeedTargetOptions = {}): Promise<SeedTarget> {
  const counts = new Map<string, number>();
  const logins: SeedTarget['logins'] = [];
  const tokens = new Set<string>();
  const echoes: Array<Record<string, string>> = [];
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = () => handle(req, res, body);
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    });
  });
  function send(res: ServerResponse, status: number, value: unknown, headers: Record<string, string | string[]> = {}): void {
    const text = JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }
  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = `${req.method} ${url.pathname}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const auth = req.headers.authorization;
    const authed = typeof auth === 'string' && /^Bearer tok-\d+$/.test(auth);
    if (authed) tokens.add(auth);
    switch (url.pathname) {
      case '/api/v1/auth/login': {
        let parsed: { email?: string; password?: string } = {};
        try {
          parsed = JSON.parse(body) as typeof parsed;
        } catch {
          // answered below
        }
        logins.push(parsed);
        if (!parsed.email || !parsed.password) return send(res, 400, { error: 'email and password required' });
        return send(res, 200, { token: `tok-${++next}`, user: { email: parsed.email } });
      }
      case '/api/v1/users/me':
      case '/api/v1/media':
      case '/api/v1/media/search':
      case '/api/v1/playlists':
        if (!authed) return send(res, 401, { error: 'unauthorized' });
        if (url.pathname === '/api/v1/media' && options.mediaStatus) return send(res, options.mediaStatus, { items: [] });
        if (req.method === 'POST') return send(res, 201, { id: next, ...(JSON.parse(body || '{}') as object) });
        return send(res, 200, { items: [{ id: 1, title: url.searchParams.get('q') ?? 'x' }] });
      case '/api/forums/topics':
        return send(res, 200, { topics: [{ id: 1 }, { id: 2 }] });
      case '/api/forums/1/posts':
        return send(res, 200, { posts: [{ id: 1, body: 'hello' }] });
      case '/api/wiki/pages/1':
        return send(res, 200, { id: 1, title: 'Home' });
      case '/echo':
        echoes.push(Object.fromEntries(url.searchParams));
        return send(res, 200, { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
      case '/redirect':
        res.writeHead(302, { location: '/echo?from=redirect', 'content-length': 0 });
        return void res.end();
      case '/cookie':
        return send(res, 200, { ok: true }, { 'set-cookie': ['sid=s3cr3t; Path=/'] });
      case '/status/500':
        return send(res, 500, { error: 'boom' });
      default:
        return send(res, 404, { error: 'not found' });
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    counts,
    logins,
    tokens,
    echoes,
    count: (key) => counts.get(key) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
