import { test } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import Fastify from 'fastify';
import { isLoadlineError } from '../../core/index.js';
import * as cachePublic from '../index.js';
import { ResponseCache, responseCacheExpress, responseCacheFastify, responseCacheHttp } from '../index.js';
import { listen, send } from './http.test-kit.js';

test('responseCacheHttp, responseCacheExpress and responseCacheFastify put one cache in front of each framework', async (t) => {
  const calls = { http: 0, express: 0, fastify: 0 };
  const viaHttp = await listen(responseCacheHttp(new ResponseCache(), (_req, res) => res.end(`http ${++calls.http}`)));
  t.after(viaHttp.close);
  const app = express();
  app.use(responseCacheExpress(new ResponseCache()));
  app.get('/a', (_req, res) => void res.send(`express ${++calls.express}`));
  const viaExpress = await listen(app);
  t.after(viaExpress.close);
  const f = Fastify();
  await f.register(responseCacheFastify(new ResponseCache()));
  f.get('/a', async () => `fastify ${++calls.fastify}`);
  const fastifyUrl = await f.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => f.close());
  for (const [name, url] of [['http', viaHttp.url], ['express', viaExpress.url], ['fastify', fastifyUrl]] as const) {
    const miss = await send(`${url}/a`);
    const hit = await send(`${url}/a`);
    assert.deepEqual([miss.headers['x-cache'], hit.headers['x-cache'], hit.body], ['MISS', 'HIT', `${name} 1`], name);
  }
  assert.deepEqual(calls, { http: 1, express: 1, fastify: 1 });
});

test('the names before 0.2.0 keep working: cache.handler (node:http and Express) and fastifyResponseCache', async (t) => {
  assert.equal(cachePublic.fastifyResponseCache, responseCacheFastify);
  const cache = new ResponseCache();
  let calls = 0;
  const viaHttp = await listen((req, res) => cache.handler(req, res, () => res.end(`old ${++calls}`)));
  t.after(viaHttp.close);
  const app = express();
  app.use(cache.handler);
  app.get('/b', (_req, res) => void res.send(`old ${++calls}`));
  const viaExpress = await listen(app);
  t.after(viaExpress.close);
  for (const url of [`${viaHttp.url}/a`, `${viaExpress.url}/b`]) {
    assert.equal((await send(url)).headers['x-cache'], 'MISS');
    assert.equal((await send(url)).headers['x-cache'], 'HIT');
  }
  assert.equal(calls, 2);
});

test('an adapter made from something else than a ResponseCache fails when made, naming the field', () => {
  const rejects = (make: () => unknown, field: string, message: RegExp) =>
    assert.throws(make, (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && e.details.field === field && message.test(e.message));
  rejects(() => responseCacheExpress({} as never), 'cache', /^cache: got \{\}, expected a ResponseCache$/);
  rejects(() => responseCacheFastify(undefined as never), 'cache', /^cache: got undefined, expected a ResponseCache$/);
  rejects(() => responseCacheHttp(null as never, () => {}), 'cache', /expected a ResponseCache/);
  rejects(() => responseCacheHttp(new ResponseCache(), 'route' as never), 'handler', /^handler: got "route", expected a function$/);
});
