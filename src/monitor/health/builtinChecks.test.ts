import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { eventLoopCheck, heapCheck, pgCheck, redisCheck } from './builtinChecks.js';
import { HealthChecks } from './HealthChecks.js';

test('redis and pg checks pass against the real servers and fail against a closed port', async () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 0 });
  const deadRedis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  deadRedis.on('error', () => {});
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', max: 2 });
  const deadPool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/test', max: 1, connectionTimeoutMillis: 1000 });
  try {
    const health = new HealthChecks();
    health.register('redis', redisCheck(redis), { timeoutMs: 2000 });
    health.register('postgres', pgCheck(pool), { timeoutMs: 2000 });
    health.register('redis-down', redisCheck(deadRedis), { timeoutMs: 2000, critical: false });
    health.register('postgres-down', pgCheck(deadPool), { timeoutMs: 2000, critical: false });
    const report = await health.run('ready');
    assert.deepEqual(report.checks.map((c) => [c.name, c.status]), [
      ['redis', 'pass'],
      ['postgres', 'pass'],
      ['redis-down', 'fail'],
      ['postgres-down', 'fail'],
    ]);
    assert.equal(report.status, 'degraded');
  } finally {
    redis.disconnect();
    deadRedis.disconnect();
    await pool.end();
    await deadPool.end();
  }
});

test('pg check fails when the pool is exhausted', async () => {
  const fake = { waitingCount: 12, query: async () => ({}) };
  await assert.rejects(async () => pgCheck(fake)(), /pool exhausted: 12 clients waiting \(max 10\)/);
  await pgCheck({ ...fake, waitingCount: 0 })();
});

test('event-loop and heap checks fail past their limits', () => {
  const delay = { eventLoopDelay: { p99: 800 } } as never;
  assert.throws(() => eventLoopCheck(() => delay, 500)(), /event-loop delay p99 800.0 ms over 500 ms/);
  eventLoopCheck(() => undefined)();
  assert.throws(() => heapCheck(0.9, () => ({ used: 95, limit: 100 }))(), /heap 95.0 % of its limit, over 90 %/);
  heapCheck(0.9, () => ({ used: 50, limit: 100 }))();
});
