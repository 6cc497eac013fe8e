import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { FakeClock, isLoadlineError, type Labels, type MetricsSink } from '../../../core/index.js';
import { RateLimiter } from '../RateLimiter.js';
import { RedisRateStore } from './RedisRateStore.js';
import { freePort, startPrivateRedis } from './redisServer.test-kit.js';

/** Resolves when the client reaches `status` (at once if it is there). */
async function statusOf(redis: Redis, status: 'ready' | 'reconnecting'): Promise<void> {
  while (redis.status !== status) await new Promise((r) => redis.once(status === 'ready' ? 'ready' : 'reconnecting', r));
}

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

test('Redis down: fail-open decides with the insurance limiter, counts each decision and reports the outage once', async () => {
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
    await statusOf(redis, 'reconnecting');
    const decisions = await Promise.all([1, 2, 3].map(() => limiter.consume('a')));
    assert.deepEqual(decisions.map((d) => [d.allowed, d.source]), [[true, 'insurance'], [true, 'insurance'], [false, 'insurance']]);
    assert.equal(counts.get('loadline_guard_ratelimit_store_failures_total{"reason":"unavailable"}'), 3);
    assert.equal(errors.length, 1, 'one report when the outage starts');
    assert.equal(store.outageDecisions, 3);
    assert.equal(store.outage, true);
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

/** Lets I/O and immediates run a few turns without moving the fake clock; returns which promises settled. */
async function settledWithoutTime<T>(promises: Promise<T>[]): Promise<(T | undefined)[]> {
  const out: (T | undefined)[] = promises.map(() => undefined);
  promises.forEach((p, i) => void p.then((v) => (out[i] = v)));
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  return out;
}

test('Redis down (nobody listens on the port): decisions come from insurance at once, not after timeoutMs each, and onError names ECONNREFUSED', async () => {
  const redis = new Redis(`redis://127.0.0.1:${await freePort()}`); // ioredis defaults: offline queue, reconnecting
  const refused = new Promise((r) => redis.once('error', r));
  const clock = new FakeClock();
  const errors: unknown[] = [];
  try {
    const limiter = new RateLimiter({ limit: 3, window: '1m', store: new RedisRateStore({ redis, clock, timeoutMs: 100, onError: (e) => errors.push(e) }) });
    await refused;
    const decisions = await settledWithoutTime(Array.from({ length: 5 }, () => limiter.consume('a')));
    assert.deepEqual(decisions.map((d) => d && [d.allowed, d.source]), [[true, 'insurance'], [true, 'insurance'], [true, 'insurance'], [false, 'insurance'], [false, 'insurance']], 'decided while the clock stood still');
    assert.equal((errors[0] as { code?: string }).code, 'ECONNREFUSED', `reported ${String(errors[0])}`);
    assert.equal(errors.length, 1, 'one report for the outage, not one per decision');
  } finally {
    redis.disconnect();
  }
});

test('a malformed Redis URL is reported as its connection error (ENOENT for "redis//host:port"), not as a timeout', async () => {
  const redis = new Redis('redis//127.0.0.1:6379'); // missing ":": ioredis reads it as a socket path
  const failed = new Promise((r) => redis.once('error', r));
  const clock = new FakeClock();
  const errors: unknown[] = [];
  try {
    const limiter = new RateLimiter({ limit: 3, window: '1m', store: new RedisRateStore({ redis, clock, onError: (e) => errors.push(e) }) });
    await failed;
    const [d] = await settledWithoutTime([limiter.consume('a')]);
    assert.deepEqual(d && [d.allowed, d.source], [true, 'insurance']);
    assert.equal((errors[0] as { code?: string }).code, 'ENOENT');
    assert.match(String((errors[0] as Error).message), /\/\/127\.0\.0\.1:6379/);
  } finally {
    redis.disconnect();
  }
});

test('after an outage the store goes back to Redis as soon as the client is ready again', async () => {
  const server = await startPrivateRedis();
  const redis = new Redis(server.url, { retryStrategy: () => 20 });
  redis.on('error', () => {});
  await new Promise((r) => redis.once('ready', r));
  let restarted: Awaited<ReturnType<typeof startPrivateRedis>> | undefined;
  try {
    const limiter = new RateLimiter({ limit: 5, window: '1m', store: new RedisRateStore({ redis, timeoutMs: 5000 }) });
    assert.equal((await limiter.consume('a')).source, 'store');
    await server.stop();
    await statusOf(redis, 'reconnecting');
    assert.equal((await limiter.consume('a')).source, 'insurance');
    restarted = await startPrivateRedis(server.port);
    await statusOf(redis, 'ready');
    assert.equal((await limiter.consume('a')).source, 'store');
  } finally {
    redis.disconnect();
    await server.stop();
    await restarted?.stop();
  }
});
