import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { FakeClock, isLoadlineError } from '../../core/index.js';
import { TieredCache } from './TieredCache.js';
import { dropPrefix, REDIS_URL, testPrefix } from './redis.test-kit.js';

const unavailable = (pattern: RegExp) => (e: unknown) => isLoadlineError(e, 'LOADLINE_CACHE_REDIS_UNAVAILABLE') && pattern.test(e.message);

test('a redis URL that is not one is rejected at construction, naming redis', () => {
  for (const url of ['', 'not a url', 'http://127.0.0.1:6379', 'redis://', 'redis://127.0.0.1:99999', 'redis://127.0.0.1:6379/db']) {
    assert.throws(() => new TieredCache({ redis: url }), (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && /^redis: got/.test(e.message), JSON.stringify(url));
  }
});

for (const subscriber of [undefined, false] as const) {
  const mode = subscriber === false ? 'without invalidation' : 'with invalidation';
  test(`${mode}: ready rejects when the Redis host does not resolve, and the cache carries on from memory`, async (t) => {
    const cache = new TieredCache<string>({ redis: 'redis://no-such-host.invalid:6379', subscriber });
    t.after(() => cache.close());
    await assert.rejects(cache.ready, unavailable(/no-such-host\.invalid:6379/));
    assert.equal(await cache.getOrSet('k', () => 'from the loader'), 'from the loader');
    assert.equal(await cache.get('k'), 'from the loader');
  });

  test(`${mode}: ready rejects when nothing listens on the Redis port (a client passed in)`, async (t) => {
    const redis = new Redis({ host: '127.0.0.1', port: 1, maxRetriesPerRequest: 1, retryStrategy: () => 1000 });
    const cache = new TieredCache<string>({ redis, subscriber });
    t.after(async () => {
      await cache.close();
      redis.disconnect();
    });
    await assert.rejects(cache.ready, unavailable(/127\.0\.0\.1:1\b.*ECONNREFUSED/));
  });
}

test('ready rejects after readyTimeoutMs when Redis accepts but never answers', async (t) => {
  const sockets: Socket[] = [];
  const silent = createServer((s) => sockets.push(s)).listen(0, '127.0.0.1');
  await once(silent, 'listening');
  const port = (silent.address() as { port: number }).port;
  const clock = new FakeClock();
  const cache = new TieredCache<string>({ redis: `redis://127.0.0.1:${port}`, clock, readyTimeoutMs: 2000 });
  t.after(async () => {
    await cache.close();
    for (const s of sockets) s.destroy();
    silent.close();
  });
  let settled = false;
  cache.ready.then(() => (settled = true), () => (settled = true));
  while (sockets.length === 0) await new Promise((r) => setImmediate(r));
  clock.advance(1999);
  await new Promise((r) => setImmediate(r));
  assert.equal(settled, false);
  clock.advance(1);
  await assert.rejects(cache.ready, unavailable(/did not answer within readyTimeoutMs 2000/));
});

test('a redis URL: the cache opens the connection, is ready once subscribed, and closes what it opened', async (t) => {
  const prefix = testPrefix();
  const cache = new TieredCache<string>({ redis: REDIS_URL, prefix, ttlMs: 10_000 });
  const other = new Redis(REDIS_URL);
  t.after(async () => {
    await dropPrefix(other, prefix);
    other.disconnect();
  });
  await cache.ready;
  await cache.set('k', 'v');
  assert.equal(await other.get(`${prefix}k`), '"v"');
  await cache.close();
  assert.equal(await cache.get('k'), 'v', 'memory still answers after close');
});

test('readyTimeoutMs is validated', () => {
  assert.throws(() => new TieredCache({ redis: REDIS_URL, readyTimeoutMs: 0 }), /readyTimeoutMs: got 0/);
});
