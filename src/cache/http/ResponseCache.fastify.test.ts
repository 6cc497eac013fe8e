import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { ResponseCache } from './ResponseCache.js';
import { responseCacheFastify } from './responseCacheFastify.js';
import { send } from './http.test-kit.js';

test('Fastify: MISS then HIT with ETag and 304, Vary honoured, Cookie requests bypass', async (t) => {
  const cache = new ResponseCache();
  let calls = 0;
  const app = Fastify();
  await app.register(responseCacheFastify(cache));
  app.get('/items', async (req, reply) => {
    calls++;
    reply.header('Vary', 'Accept');
    return { items: [calls], cookie: req.headers.cookie ?? null };
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => app.close());
  const miss = await send(`${url}/items?x=1`);
  assert.equal(miss.headers['x-cache'], 'MISS');
  assert.deepEqual(JSON.parse(miss.body), { items: [1], cookie: null });
  const etag = miss.headers.etag!;
  assert.ok(etag);
  const hit = await send(`${url}/items?x=1`);
  assert.equal(hit.headers['x-cache'], 'HIT');
  assert.equal(hit.body, miss.body);
  assert.equal(hit.headers.etag, etag);
  const notModified = await send(`${url}/items?x=1`, { headers: { 'If-None-Match': etag } });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.body, '');
  const otherAccept = await send(`${url}/items?x=1`, { headers: { Accept: 'text/plain' } });
  assert.equal(otherAccept.headers['x-cache'], 'MISS');
  const withCookie = await send(`${url}/items?x=1`, { headers: { Cookie: 'sid=eve' } });
  assert.equal(withCookie.headers['x-cache'], 'BYPASS');
  assert.equal(JSON.parse(withCookie.body).cookie, 'sid=eve');
  assert.equal(calls, 3);
});
