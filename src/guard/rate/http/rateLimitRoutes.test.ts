// Route profiles cannot be bypassed by spelling a path differently, by mounting the middleware
// under a prefix, or by a route entry that silently never matches. Requests are sent with raw
// paths (node:http client), since fetch would normalize some spellings before they leave.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { isLoadlineError } from '../../../core/index.js';
import { RateProfiles } from '../RateProfiles.js';
import { rateLimitExpress } from './rateLimitExpress.js';
import { rateLimitFastify } from './rateLimitFastify.js';
import { rateLimitHttp } from './rateLimitHttp.js';

interface RawResponse {
  status: number;
  limit: string | undefined;
  body: string;
}

function rawGet(port: number, path: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, limit: res.headers['ratelimit-limit'] as string | undefined, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function closing(server: http.Server, body: (port: number) => Promise<void>): Promise<void> {
  try {
    if (!server.listening) await new Promise((r) => server.once('listening', r));
    await body((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

/** auth allows one request; general a thousand, so a 429 can only come from the auth profile. */
const profiles = () => new RateProfiles({ profiles: { auth: { limit: 1 }, general: { limit: 1000 } } });

const SPELLINGS = [
  '/API/AUTH', '/Api/Auth/login', '/api/%61uth', '/api/%2561uth', '/api/AU%54H', '//api/auth', '/api//auth', '/api/auth/',
  '/api/./auth', '/api/x/../auth', '/api/auth?user=a', '/api/auth/?', '/./api/auth', '/api/auth/.', '/api\\auth',
];

test('node:http: every spelling of /api/auth falls under the auth profile; /api/authors does not', async () => {
  const limit = rateLimitHttp({ profiles: profiles(), routes: { '/api/auth': 'auth' } });
  const server = http.createServer(async (req, res) => {
    if (await limit(req, res)) res.end('ok');
  }).listen(0, '127.0.0.1');
  await closing(server, async (port) => {
    assert.equal((await rawGet(port, '/api/auth')).status, 200);
    const granted: string[] = [];
    for (const path of SPELLINGS) {
      const r = await rawGet(port, path);
      if (r.status !== 429) granted.push(`${path} -> ${r.status} (limit ${r.limit})`);
    }
    assert.deepEqual(granted, [], `${granted.length} of ${SPELLINGS.length} spellings escaped the auth limit`);
    const authors = await rawGet(port, '/api/authors');
    assert.deepEqual([authors.status, authors.limit], [200, '1000'], '/api/auth does not cover /api/authors');
    const authorsCase = await rawGet(port, '/api/AUTHORS/1');
    assert.deepEqual([authorsCase.status, authorsCase.limit], [200, '1000']);
  });
});

test('Express: a limiter mounted with app.use("/api", ...) still applies /api/auth, in any case the router accepts', async () => {
  const app = express();
  app.use('/api', rateLimitExpress({ profiles: profiles(), routes: { '/api/auth': 'auth' } }));
  app.get('/api/auth', (_req, res) => void res.send('login'));
  app.get('/api/authors', (_req, res) => void res.send('authors'));
  const server = app.listen(0, '127.0.0.1');
  await closing(server, async (port) => {
    assert.equal((await rawGet(port, '/api/auth')).status, 200);
    const routed = await rawGet(port, '/API/Auth');
    assert.equal(routed.status, 429, 'Express routes /API/Auth to the /api/auth handler, so the auth limit applies');
    assert.equal((await rawGet(port, '/api/auth/')).status, 429);
    const authors = await rawGet(port, '/api/authors');
    assert.deepEqual([authors.status, authors.body], [200, 'authors']);
  });
});

test('Express: a route entry that can never match where the limiter is mounted is an error, not a silent no-op', async () => {
  assert.throws(
    () => rateLimitExpress({ profiles: profiles(), mountPath: '/api', routes: { '/auth': 'auth' } }),
    (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && /routes\["\/auth"\]: got "auth", expected a path under the mount path "\/api"/.test(e.message),
  );
  // Mounted without saying where: the first request through the mount names the dead entry.
  const app = express();
  app.use('/api', rateLimitExpress({ profiles: profiles(), routes: { '/auth': 'auth' } }));
  app.get('/api/auth', (_req, res) => void res.send('login'));
  app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).send(`${(err as { code?: string }).code}: ${err.message}`));
  const server = app.listen(0, '127.0.0.1');
  await closing(server, async (port) => {
    const r = await rawGet(port, '/api/auth');
    assert.equal(r.status, 500);
    assert.match(r.body, /^LOADLINE_INVALID_OPTION: routes\["\/auth"\].*mounted at "\/api"/);
  });
});

test('Fastify: the percent-encoded path Fastify decodes to /api/auth is limited; a hook in a prefixed plugin checks its entries against mountPath', async () => {
  const app = Fastify();
  app.addHook('onRequest', rateLimitFastify({ profiles: profiles(), routes: { '/api/auth': 'auth' } }));
  app.get('/api/auth', async () => 'login');
  app.register(async (scoped) => {
    scoped.addHook('onRequest', rateLimitFastify({ profiles: profiles(), mountPath: '/v2', routes: { '/v2/login': 'auth' } }));
    scoped.get('/login', async () => 'login');
  }, { prefix: '/v2' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const port = (app.server.address() as AddressInfo).port;
    assert.equal((await rawGet(port, '/api/auth')).status, 200);
    const encoded = await rawGet(port, '/api/%61uth');
    assert.equal(encoded.status, 429, 'Fastify routes /api/%61uth to /api/auth');
    assert.equal((await rawGet(port, '/v2/login')).status, 200);
    assert.equal((await rawGet(port, '/v2/%6Cogin')).status, 429);
  } finally {
    await app.close();
  }
  // Fastify keeps the full URL, so an entry written relative to the plugin prefix would never match.
  assert.throws(() => rateLimitFastify({ profiles: profiles(), mountPath: '/v2', routes: { '/login': 'auth' } }), /routes\["\/login"\]: got "auth", expected a path under the mount path "\/v2"/);
});

test('route tables are validated: paths start with "/", no query, no duplicates after normalization', () => {
  assert.throws(() => rateLimitHttp({ routes: { 'api/auth': 'auth' } }), /routes\["api\/auth"\]: got "api\/auth", expected a path starting with "\/"/);
  assert.throws(() => rateLimitHttp({ routes: { '/api/auth?x': 'auth' } }), /routes\["\/api\/auth\?x"\]/);
  assert.throws(() => rateLimitHttp({ routes: { '/api/auth': 'auth', '/API/Auth/': 'bulk' } }), /routes\["\/API\/Auth\/"\]: got "bulk", expected one entry per path: "\/api\/auth" is the same path/);
  assert.throws(() => rateLimitHttp({ mountPath: 'api' }), /mountPath: got "api", expected a path starting with "\/"/);
});
