// What express-rate-limit and rate-limiter-flexible users expect, under those libraries' names:
// skipSuccessfulRequests (login brute force), skip, a custom handler, blockDuration, and the IETF
// draft RateLimit-Policy + RateLimit header form. Real loopback servers, FakeClock for windows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { FakeClock } from '../../../core/index.js';
import { MemoryRateStore } from '../MemoryRateStore.js';
import { RateLimiter } from '../RateLimiter.js';
import { RateProfiles } from '../RateProfiles.js';
import { rateLimitExpress } from './rateLimitExpress.js';
import { rateLimitFastify } from './rateLimitFastify.js';
import { rateLimitHttp } from './rateLimitHttp.js';

async function listening(server: http.Server, body: (url: string) => Promise<void>): Promise<void> {
  try {
    if (!server.listening) await new Promise((r) => server.once('listening', r));
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

const login = (url: string, password: string) => fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'x-password': password } }).then(async (r) => (await r.arrayBuffer(), r.status));

test('Express, skipSuccessfulRequests: a user who logs in 10 times is never limited; 3 failed guesses (limit 3) lock the next attempt out', async () => {
  const profiles = new RateProfiles({ profiles: { auth: { limit: 3 } } });
  const app = express();
  app.use(rateLimitExpress({ profiles, routes: { '/api/auth': 'auth' }, skipSuccessfulRequests: true, keyBy: (req) => String(req.headers['x-user'] ?? 'attacker') }));
  app.post('/api/auth/login', (req, res) => void res.status(req.headers['x-password'] === 'right' ? 200 : 401).send());
  await listening(app.listen(0, '127.0.0.1'), async (url) => {
    const user = async () => (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'x-password': 'right', 'x-user': 'alice' } }).then(async (r) => (await r.arrayBuffer(), r.status)));
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push(await user());
    assert.deepEqual(statuses, Array(10).fill(200), 'successful logins are not counted');
    assert.deepEqual([await login(url, 'a'), await login(url, 'b'), await login(url, 'c')], [401, 401, 401]);
    assert.equal(await login(url, 'right'), 429, 'three failures: locked out, even with the right password');
  });
});

test('Fastify, skipSuccessfulRequests: concurrent guesses are counted before their outcome is known', async () => {
  const profiles = new RateProfiles({ profiles: { auth: { limit: 3 } } });
  const app = Fastify();
  app.addHook('onRequest', rateLimitFastify({ profiles, routes: { '/api/auth': 'auth' }, skipSuccessfulRequests: true }));
  app.post('/api/auth/login', async (req, reply) => reply.code(req.headers['x-password'] === 'right' ? 200 : 401).send(''));
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const statuses = await Promise.all(Array.from({ length: 10 }, (_, i) => login(url, `guess-${i}`)));
    assert.equal(statuses.filter((s) => s === 401).length, 3, `only the limit reached the handler: ${statuses}`);
    assert.equal(statuses.filter((s) => s === 429).length, 7);
  } finally {
    await app.close();
  }
});

test('node:http: requestWasSuccessful decides what counts; skip() bypasses; a custom handler answers the excess', async () => {
  const limiter = new RateLimiter({ limit: 1, window: '1m' });
  const handled: string[] = [];
  const limit = rateLimitHttp({
    limiter,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 503,
    skip: (req) => req.url === '/health',
    handler: (req, res, outcome) => {
      handled.push(`${req.url} ${outcome.decision.remaining}`);
      res.statusCode = 503;
      res.setHeader('retry-after', outcome.headers['Retry-After']!);
      res.end('slow down');
    },
  });
  const { createServer } = await import('node:http');
  await listening(createServer(async (req, res) => {
    if (!(await limit(req, res))) return;
    res.statusCode = req.url === '/fail' ? 503 : 200;
    res.end();
  }).listen(0, '127.0.0.1'), async (url) => {
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${url}/ok`)).status, 200, 'a 200 is a success: given back');
    assert.equal((await fetch(`${url}/fail`)).status, 503);
    const limited = await fetch(`${url}/ok`);
    assert.deepEqual([limited.status, await limited.text(), limited.headers.get('retry-after')], [503, 'slow down', '60']);
    assert.deepEqual(handled, ['/ok 0']);
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${url}/health`)).status, 200, 'skipped');
  });
});

test('Express: blockDuration keeps a client out after its first excess, past the window', async () => {
  const clock = new FakeClock();
  const limiter = new RateLimiter({ limit: 2, window: '1s', blockDuration: '10s', store: new MemoryRateStore({ clock }) });
  const app = express();
  app.use(rateLimitExpress({ limiter }));
  app.get('/', (_req, res) => void res.send('ok'));
  await listening(app.listen(0, '127.0.0.1'), async (url) => {
    const status = async () => (await fetch(url).then(async (r) => [r.status, r.headers.get('retry-after'), await r.text()]))[0];
    assert.deepEqual([await status(), await status(), await status()], [200, 200, 429]);
    clock.advance(2000);
    const blocked = await fetch(url);
    assert.deepEqual([blocked.status, blocked.headers.get('retry-after')], [429, '8'], 'still blocked after the window');
    clock.advance(8000);
    assert.equal(await status(), 200);
  });
});

test('standardHeaders "draft-8": RateLimit-Policy and RateLimit as the IETF draft writes them; "draft-6" (default) keeps RateLimit-Limit/-Remaining/-Reset', async () => {
  const clock = new FakeClock();
  const profiles = new RateProfiles({ store: new MemoryRateStore({ clock }), profiles: { auth: { limit: 2 } } });
  const app = express();
  app.use('/v8', rateLimitExpress({ profiles, routes: { '/v8/auth': 'auth' }, standardHeaders: 'draft-8' }));
  app.use('/v6', rateLimitExpress({ profiles, routes: { '/v6/auth': 'auth' } }));
  app.get(['/v8/auth', '/v6/auth'], (_req, res) => void res.send('ok'));
  await listening(app.listen(0, '127.0.0.1'), async (url) => {
    const a = await fetch(`${url}/v8/auth`);
    assert.equal(a.headers.get('ratelimit-policy'), '"auth";q=2;w=300');
    assert.equal(a.headers.get('ratelimit'), '"auth";r=1;t=300');
    assert.equal(a.headers.get('ratelimit-limit'), null);
    await fetch(`${url}/v8/auth`);
    const limited = await fetch(`${url}/v8/auth`);
    assert.deepEqual([limited.status, limited.headers.get('ratelimit'), limited.headers.get('retry-after')], [429, '"auth";r=0;t=300', '300']);
    const b = await fetch(`${url}/v6/auth`);
    assert.deepEqual(['limit', 'remaining', 'reset', 'policy'].map((h) => b.headers.get(`ratelimit-${h}`)), ['2', '0', '300', '2;w=300'], 'same profile and key, default form');
    assert.equal(b.headers.get('ratelimit'), null);
  });
  assert.throws(() => rateLimitHttp({ standardHeaders: 'draft-9' as never }), /standardHeaders: got "draft-9", expected one of "draft-6", "draft-8"/);
  assert.throws(() => rateLimitHttp({ skipSuccessfulRequests: 'yes' as never }), /skipSuccessfulRequests: got "yes", expected true or false/);
  assert.throws(() => rateLimitHttp({ skip: true as never }), /skip: got true, expected a function/);
});
