import { test } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import Fastify from 'fastify';
import { ResponseCache } from './ResponseCache.js';
import { responseCacheExpress } from './responseCacheExpress.js';
import { ADAPTERS, serveCached } from './adapters.test-kit.js';
import { responseCacheFastify } from './responseCacheFastify.js';
import { listen, send } from './http.test-kit.js';

// Responses a shared cache must never keep, whichever framework produced them.
const UNSTORABLE: Record<string, Record<string, string | string[]>> = {
  '/private': { 'Cache-Control': 'private, max-age=60' },
  '/no-store': { 'Cache-Control': 'no-store' },
  '/no-cache': { 'Cache-Control': 'public, no-cache' },
  '/zero': { 'Cache-Control': 's-maxage=0' },
  '/cookie': { 'Set-Cookie': 'sid=alice; HttpOnly' },
  '/cookies': { 'Set-Cookie': ['a=1', 'sid=alice'] },
  '/vary-star': { Vary: 'Accept, *' },
};

for (const adapter of ADAPTERS) {
  test(`${adapter}: private, no-store, no-cache, max-age 0, Set-Cookie and Vary: * responses are never stored`, async (t) => {
    const cache = new ResponseCache();
    let calls = 0;
    const srv = await serveCached(adapter, cache, (req) => ({ headers: UNSTORABLE[req.url!] ?? {}, body: `call ${++calls}` }));
    t.after(srv.close);
    for (const path of Object.keys(UNSTORABLE)) {
      await send(srv.url + path);
      const again = await send(srv.url + path);
      assert.equal(again.headers['x-cache'], 'MISS', path);
    }
    assert.equal(cache.stats().entries, 0);
  });
}

test('Fastify: a Set-Cookie added by a later onSend hook (as @fastify/cookie does) keeps the response out', async (t) => {
  const cache = new ResponseCache();
  const app = Fastify();
  await app.register(responseCacheFastify(cache));
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Set-Cookie', 'session=alice');
    return payload;
  });
  app.get('/welcome', async () => 'welcome back, alice');
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => app.close());
  await send(`${url}/welcome`);
  const second = await send(`${url}/welcome`);
  assert.equal(second.headers['x-cache'], 'MISS');
  assert.equal(cache.stats().entries, 0);
});

test('Express: res.cookie keeps the response out of the cache', async (t) => {
  const cache = new ResponseCache();
  const app = express();
  app.use(responseCacheExpress(cache));
  app.get('/login', (_req, res) => {
    res.cookie('sid', 'alice');
    res.send('hello alice');
  });
  const srv = await listen(app);
  t.after(srv.close);
  await send(`${srv.url}/login`);
  assert.equal((await send(`${srv.url}/login`)).headers['x-cache'], 'MISS');
});
