import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { FakeClock, isLoadlineError, type Labels, type MetricsSink } from '../core/index.js';
import { RateLimiter } from './RateLimiter.js';
import { RedisRateStore } from './RedisRateStore.js';
import { startPrivateRedis } from './redisServer.test.fixture.js';

function recordingSink(): { sink: MetricsSink; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const key = (name: string, labels?: Labels) => `${name}${labels ? JSON.stringify(labels) : ''}`;
  const sink: MetricsSink = {
    counter: ({ name }) => ({ inc: (v = 1, labels) => void counts.set(key(name, labels), (counts.get(key(name, labels)) ?? 0) + v) }),
    gauge: () => ({ set() {}, inc() {}, dec() {} }),
    histogram: () => ({ observe() {} }),
  };
  return { sink, counts };
}

test('EVALSHA falls back to EVAL on NOSCRIPT (fresh server, then SCRIPT FLUSH)', async () => {
  const server = await startPrivateRedis();
  const redis = new Redis(server.url);
  try {
    const limiter = new RateLimiter({ limit: 2, window: '1m', store: new RedisRateStore({ redis, timeoutMs: 5000 }) });
    assert.equal((await limiter.consume('a')).source, 'store');
    await redis.script('FLUSH');
    const d = await limiter.consume('a');
    assert.equal(d.source, 'store');
    assert.equal(d.remaining, 0);
    assert.equal((await limiter.consume('a')).allowed, false);
  } finally {
    redis.disconnect();
    await server.stop();
  }
});

test('Redis down: fail-open decides with the insurance limiter, counts and reports each failure', async () => {
  const server = await startPrivateRedis();
  const redis = new Redis(server.url, { enableOfflineQueue: false, retryStrategy: () => 50 });
  redis.on('error', () => {});
  await new Promise((r) => redis.once('ready', r));
  const { sink, counts } = recordingSink();
  const errors: unknown[] = [];
  try {
    const store = new RedisRateStore({ redis, timeoutMs: 5000, metrics: sink, onError: (e) => errors.push(e) });
    const limiter = new RateLimiter({ limit: 2, window: '1m', store });
    assert.equal((await limiter.consume('a')).source, 'store');
    await server.stop();
    const decisions = await Promise.all([1, 2, 3].map(() => limiter.consume('a')));
    assert.deepEqual(decisions.map((d) => [d.allowed, d.source]), [[true, 'insurance'], [true, 'insurance'], [false, 'insurance']]);
    assert.equal(counts.get('loadline_guard_ratelimit_store_failures_total{"reason":"error"}'), 3);
    assert.equal(errors.length, 3);
    assert.equal(store.outageDecisions, 3);
  } finally {
    redis.disconnect();
    await server.stop();
  }
});

test('Redis down: fail-closed denies with Retry-After of one window; insurance false allows all', async () => {
  const server = await startPrivateRedis();
  await server.stop();
  const redis = new Redis(server.url, { enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    const closed = new RateLimiter({ limit: 5, window: '10s', store: new RedisRateStore({ redis, onOutage: 'closed' }) });
    const d = await closed.consume('a');
    assert.deepEqual([d.allowed, d.source, d.retryAfterMs], [false, 'fail-closed', 10_000]);
    const open = new RateLimiter({ limit: 1, window: '10s', store: new RedisRateStore({ redis, insurance: false }) });
    const all = await Promise.all([1, 2, 3].map(() => open.consume('a')));
    assert.ok(all.every((x) => x.allowed && x.source === 'fail-open'));
  } finally {
    redis.disconnect();
  }
});

test('a slow Redis is bounded by timeoutMs and decided by the outage policy', async () => {
  const server = await startPrivateRedis();
  const redis = new Redis(server.url);
  const admin = new Redis(server.url);
  const clock = new FakeClock();
  const { sink, counts } = recordingSink();
  const errors: unknown[] = [];
  try {
    const store = new RedisRateStore({ redis, clock, timeoutMs: 50, metrics: sink, onError: (e) => errors.push(e) });
    const limiter = new RateLimiter({ limit: 5, window: '1m', store });
    assert.equal((await limiter.consume('warm')).source, 'store');
    await admin.client('PAUSE', 400, 'ALL');
    const pending = limiter.consume('a');
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false);
    clock.advance(50);
    const d = await pending;
    assert.deepEqual([d.allowed, d.source], [true, 'insurance']);
    assert.equal(counts.get('loadline_guard_ratelimit_store_failures_total{"reason":"timeout"}'), 1);
    assert.ok(isLoadlineError(errors[0], 'LOADLINE_TIMEOUT'));
  } finally {
    await admin.client('UNPAUSE').catch(() => {});
    redis.disconnect();
    admin.disconnect();
    await server.stop();
  }
});
