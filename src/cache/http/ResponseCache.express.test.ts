import { test } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import { ResponseCache } from './ResponseCache.js';
import { responseCacheExpress } from './responseCacheExpress.js';
import { listen, send } from './http.test-kit.js';

test('Express: res.json is cached, 304 on the ETag Express or the cache set, identity requests bypass', async (t) => {
  const cache = new ResponseCache();
  let calls = 0;
  const app = express();
  app.use(responseCacheExpress(cache));
  app.get('/users', (req, res) => {
    calls++;
    res.json({ users: ['a', 'b'], for: req.headers.authorization ?? 'public' });
  });
  const srv = await listen(app);
  t.after(srv.close);
  const miss = await send(`${srv.url}/users`);
  assert.equal(miss.headers['x-cache'], 'MISS');
  assert.deepEqual(JSON.parse(miss.body), { users: ['a', 'b'], for: 'public' });
  const hit = await send(`${srv.url}/users`);
  assert.equal(hit.headers['x-cache'], 'HIT');
  assert.equal(hit.body, miss.body);
  assert.match(hit.headers['content-type']!, /application\/json/);
  const notModified = await send(`${srv.url}/users`, { headers: { 'If-None-Match': hit.headers.etag! } });
  assert.equal(notModified.status, 304);
  const alice = await send(`${srv.url}/users`, { headers: { Authorization: 'alice' } });
  assert.equal(alice.headers['x-cache'], 'BYPASS');
  assert.equal(JSON.parse(alice.body).for, 'alice');
  assert.equal(calls, 2);
});
