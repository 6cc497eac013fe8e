import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCache } from './ResponseCache.js';
import { responseCacheHttp } from './responseCacheHttp.js';
import { listen, send } from './http.test-kit.js';

test('node:http: MISS then HIT on the same path and sorted query, ETag and 304, HEAD from the GET entry', async (t) => {
  const cache = new ResponseCache();
  let calls = 0;
  const app = await listen(
    responseCacheHttp(cache, (req, res) => {
      calls++;
      res.setHeader('Content-Type', 'application/json');
      res.write('{"items":');
      res.end(`[${calls}]}`);
    }),
  );
  t.after(app.close);
  const first = await send(`${app.url}/items?b=2&a=1`);
  assert.equal(first.status, 200);
  assert.equal(first.headers['x-cache'], 'MISS');
  assert.equal(first.body, '{"items":[1]}');
  const etag = first.headers.etag!;
  assert.match(etag, /^"[\w-]+"$/);
  const second = await send(`${app.url}/items?a=1&b=2`);
  assert.equal(second.headers['x-cache'], 'HIT');
  assert.equal(second.body, '{"items":[1]}');
  assert.equal(second.headers.etag, etag);
  assert.equal(second.headers['content-type'], 'application/json');
  const notModified = await send(`${app.url}/items?a=1&b=2`, { headers: { 'If-None-Match': etag } });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.body, '');
  const head = await send(`${app.url}/items?a=1&b=2`, { method: 'HEAD' });
  assert.equal(head.headers['x-cache'], 'HIT');
  assert.equal(head.body, '');
  const post = await send(`${app.url}/items?a=1&b=2`, { method: 'POST' });
  assert.equal(post.headers['x-cache'], 'BYPASS');
  assert.equal(post.body, '{"items":[2]}');
  const other = await send(`${app.url}/items?a=1`);
  assert.equal(other.headers['x-cache'], 'MISS');
  assert.equal(calls, 3);
  const s = cache.stats();
  assert.equal(s.hits, 3);
  assert.equal(s.misses, 2);
  assert.equal(s.hitRate, 3 / 5);
  assert.equal(s.bypasses, 1);
});

test('a miss answers 304 when If-None-Match already matches the new body', async (t) => {
  const cache = new ResponseCache();
  const app = await listen(responseCacheHttp(cache, (_req, res) => res.end('same body')));
  t.after(app.close);
  const { headers } = await send(`${app.url}/a`);
  cache.clear();
  const again = await send(`${app.url}/a`, { headers: { 'If-None-Match': `W/"x", ${headers.etag}` } });
  assert.equal(again.status, 304);
  assert.equal(again.headers['x-cache'], 'MISS');
});

test('Cache-Control no-store and private, errors and Set-Cookie are never stored', async (t) => {
  const cache = new ResponseCache();
  let calls = 0;
  const app = await listen(
    responseCacheHttp(cache, (req, res) => {
      calls++;
      if (req.url === '/no-store') res.setHeader('Cache-Control', 'no-store');
      if (req.url === '/private') res.setHeader('Cache-Control', 'private, max-age=60');
      if (req.url === '/cookie') res.setHeader('Set-Cookie', 'sid=1');
      if (req.url === '/error') res.statusCode = 500;
      res.end(String(calls));
    }),
  );
  t.after(app.close);
  for (const path of ['/no-store', '/private', '/cookie', '/error']) {
    await send(app.url + path);
    const again = await send(app.url + path);
    assert.equal(again.headers['x-cache'], 'MISS', path);
  }
  assert.equal(calls, 8);
  const noStoreRequest = await send(`${app.url}/fine`, { headers: { 'Cache-Control': 'no-store' } });
  assert.equal(noStoreRequest.headers['x-cache'], 'BYPASS');
});

test('Vary: the named request headers are part of the key', async (t) => {
  const cache = new ResponseCache();
  let calls = 0;
  const app = await listen(
    responseCacheHttp(cache, (req, res) => {
      calls++;
      res.setHeader('Vary', 'Accept-Language');
      res.end(`hello in ${req.headers['accept-language']}`);
    }),
  );
  t.after(app.close);
  const fr = { 'Accept-Language': 'fr' };
  const de = { 'Accept-Language': 'de' };
  assert.equal((await send(`${app.url}/`, { headers: fr })).body, 'hello in fr');
  const frAgain = await send(`${app.url}/`, { headers: fr });
  assert.equal(frAgain.headers['x-cache'], 'HIT');
  const deFirst = await send(`${app.url}/`, { headers: de });
  assert.equal(deFirst.headers['x-cache'], 'MISS');
  assert.equal(deFirst.body, 'hello in de');
  assert.equal((await send(`${app.url}/`, { headers: de })).body, 'hello in de');
  assert.equal((await send(`${app.url}/`, { headers: fr })).body, 'hello in fr');
  assert.equal(calls, 2);
});
