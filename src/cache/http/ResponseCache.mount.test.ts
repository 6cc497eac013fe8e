import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { ResponseCache } from './ResponseCache.js';
import { responseCacheExpress } from './responseCacheExpress.js';
import { responseCacheFastify } from './responseCacheFastify.js';
import { listen, send } from './http.test-kit.js';

// The same path under two mount points is two resources: the key is the URL the client asked for.

test('Express: one cache in routers mounted at /admin and /public-api keeps their /users apart', async (t) => {
  const cache = new ResponseCache();
  const app = express();
  for (const area of ['admin', 'public-api']) {
    const router = express.Router();
    router.use(responseCacheExpress(cache));
    router.get('/users', (_req, res) => {
      res.json({ area });
    });
    app.use(`/${area}`, router);
  }
  const srv = await listen(app);
  t.after(srv.close);
  const admin = await send(`${srv.url}/admin/users`);
  assert.equal(admin.headers['x-cache'], 'MISS');
  const pub = await send(`${srv.url}/public-api/users`);
  assert.deepEqual(JSON.parse(pub.body), { area: 'public-api' });
  assert.equal(pub.headers['x-cache'], 'MISS');
  assert.equal((await send(`${srv.url}/admin/users`)).headers['x-cache'], 'HIT');
  assert.deepEqual(JSON.parse((await send(`${srv.url}/public-api/users`)).body), { area: 'public-api' });
});

test('Fastify: URLs that rewriteUrl maps onto one route keep their own entries', async (t) => {
  const cache = new ResponseCache();
  const app = Fastify({ rewriteUrl: (req) => (req.url ?? '/').replace(/^\/(admin|public-api)/, '') });
  await app.register(responseCacheFastify(cache));
  app.get('/users', async (request) => ({ area: request.originalUrl.split('/')[1] }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => app.close());
  assert.equal((await send(`${url}/admin/users`)).headers['x-cache'], 'MISS');
  const pub = await send(`${url}/public-api/users`);
  assert.deepEqual(JSON.parse(pub.body), { area: 'public-api' });
  assert.equal(pub.headers['x-cache'], 'MISS');
});

test('node:http: a mount that rewrites req.url (connect style) is keyed on req.originalUrl', async (t) => {
  const cache = new ResponseCache();
  const cached = responseCacheExpress(cache);
  const srv = await listen((req, res) => {
    const mounted = req as IncomingMessage & { originalUrl?: string };
    mounted.originalUrl = req.url;
    const area = req.url!.split('/')[1]!;
    req.url = req.url!.slice(area.length + 1);
    cached(req, res, () => res.end(`users of ${area}`));
  });
  t.after(srv.close);
  assert.equal((await send(`${srv.url}/admin/users`)).body, 'users of admin');
  const pub = await send(`${srv.url}/public-api/users`);
  assert.equal(pub.body, 'users of public-api');
  assert.equal(pub.headers['x-cache'], 'MISS');
});
