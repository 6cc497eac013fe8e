import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { TieredCache } from './TieredCache.js';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  await once(server, 'close');
  return port;
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  child.stdout!.resume();
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

test('Redis outage: calls keep working from L1 and the loader, errors are counted, Redis is used again when back', async (t) => {
  const port = await freePort();
  let server = await startRedis(port);
  const redis = new Redis({ host: '127.0.0.1', port, retryStrategy: () => 50, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  const cache = new TieredCache<string>({ redis, prefix: 'outage:', ttlMs: 60_000, redisTimeoutMs: 200 });
  t.after(async () => {
    await cache.close();
    redis.disconnect();
    await stop(server);
  });
  await cache.ready;
  await cache.set('warm', 'in both tiers');
  assert.equal(await redis.get('outage:warm'), '"in both tiers"');

  const closed = once(redis, 'close');
  await stop(server);
  await closed;

  const started = performance.now();
  assert.equal(await cache.get('warm'), 'in both tiers', 'served from L1');
  let loads = 0;
  assert.equal(await cache.getOrSet('cold', async () => (loads++, 'from loader')), 'from loader');
  assert.equal(await cache.getOrSet('cold', async () => (loads++, 'again')), 'from loader', 'kept in L1');
  assert.equal(loads, 1);
  await cache.set('written-during-outage', 'x');
  await cache.delete('warm');
  assert.equal(await cache.get('never'), undefined);
  assert.deepEqual(await cache.mget(['cold', 'never']), ['from loader', undefined]);
  await cache.mset([['m', 'y']]);
  assert.equal(await cache.invalidateTags(['t']), 0);
  assert.equal(await cache.invalidatePattern('x*'), 0);
  assert.ok(performance.now() - started < 5000, 'no call waits for Redis to come back');
  const during = cache.stats().l2Errors;
  assert.ok(during >= 8, `errors counted: ${during}`);

  server = await startRedis(port);
  await once(redis, 'ready');
  await cache.set('after', 'back');
  assert.equal(await redis.get('outage:after'), '"back"', 'Redis used again');
  await redis.set('outage:only-in-redis', '"from redis"');
  assert.equal(await cache.get('only-in-redis'), 'from redis');
  assert.equal(cache.stats().l2Errors, during, 'no new errors once Redis is back');
});
