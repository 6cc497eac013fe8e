import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { RateLimiter } from '../RateLimiter.js';
import { rateLimitExpress } from './rateLimitExpress.js';
import { rateLimitFastify } from './rateLimitFastify.js';

test('Express middleware: headers on success, 429 with Retry-After on excess', async () => {
  const app = express();
  app.use(rateLimitExpress({ limiter: new RateLimiter({ limit: 1, window: '10s' }) }));
  app.get('/', (_req, res) => void res.send('ok'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const a = await fetch(url);
    assert.equal(a.status, 200);
    assert.equal(await a.text(), 'ok');
    assert.equal(a.headers.get('ratelimit-remaining'), '0');
    const b = await fetch(url);
    assert.equal(b.status, 429);
    assert.equal(b.headers.get('retry-after'), '10');
    assert.equal(b.headers.get('content-type')?.startsWith('application/json'), true);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('Express middleware: a failing key function goes to next(err)', async () => {
  const app = express();
  app.use(rateLimitExpress({ limiter: new RateLimiter({ limit: 1, window: '10s' }), keyBy: () => { throw new Error('no key'); } }));
  app.get('/', (_req, res) => void res.send('ok'));
  app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).send(err.message));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const r = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    assert.equal(r.status, 500);
    assert.equal(await r.text(), 'no key');
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('Fastify onRequest hook: per-route profile, 429 with Retry-After', async () => {
  const app = Fastify();
  app.addHook('onRequest', rateLimitFastify({ profileFor: (req) => (req.url?.startsWith('/search') ? 'search' : 'bulk') }));
  app.get('/search', async () => 'found');
  app.get('/bulk', async () => 'done');
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    for (let i = 0; i < 5; i++) assert.equal((await fetch(`${url}/bulk`)).status, 200);
    const limited = await fetch(`${url}/bulk`);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('ratelimit-limit'), '5');
    assert.equal(limited.headers.get('retry-after'), '60');
    const search = await fetch(`${url}/search`);
    assert.equal(search.status, 200);
    assert.equal(search.headers.get('ratelimit-limit'), '200');
    assert.equal(await search.text(), 'found');
  } finally {
    await app.close();
  }
});
