import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** A private redis-server; `dir` keeps an explicit SAVE across the restart, so the test can show stale data being dropped. */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  const dir = mkdtempSync(join(tmpdir(), 'loadline-redis-'));
  let server = await startRedis(port, dir);
  const redis = new Redis({ host: '127.0.0.1', port, retryStrategy: () => 50, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  const cache = new TieredCache<string>({ redis, prefix: 'outage:', ttlMs: 60_000, redisTimeoutMs: 200 });
  t.after(async () => {
    await cache.close();
    redis.disconnect();
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
  });
  await cache.ready;
  await cache.set('warm', 'in both tiers');
  assert.equal(await redis.get('outage:warm'), '"in both tiers"');
  await cache.set('written-during-outage', 'older');
  await redis.save(); // the restarted server comes back with these values

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

  // The restarted Redis still holds the values from before the outage for keys this instance
  // deleted or replaced meanwhile; the replay on reconnect must drop them.
  server = await startRedis(port, dir);
  await once(redis, 'ready');
  await cache.flushPending();
  assert.equal(await redis.exists('outage:warm'), 0, 'the delete made during the outage reached Redis');
  assert.equal(await redis.exists('outage:written-during-outage'), 0, 'a key written during the outage was dropped from Redis');
  assert.equal(await cache.get('written-during-outage'), 'x', 'memory still has the newest value');
  await cache.set('after', 'back');
  assert.equal(await redis.get('outage:after'), '"back"', 'Redis used again');
  const errorsAfterReplay = cache.stats().l2Errors;
  await redis.set('outage:only-in-redis', '"from redis"');
  assert.equal(await cache.get('only-in-redis'), 'from redis');
  assert.equal(cache.stats().l2Errors, errorsAfterReplay, 'no new errors once Redis is back');
});
