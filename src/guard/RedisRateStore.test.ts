import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { FakeClock } from '../core/index.js';
import { RateLimiter } from './RateLimiter.js';
import { RedisRateStore } from './RedisRateStore.js';
import { deletePrefix, randomPrefix, SHARED_REDIS_URL } from './redisServer.test.fixture.js';

const redis = new Redis(SHARED_REDIS_URL);
const prefix = randomPrefix();
after(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

test('Redis sliding window: exactly limit grants per window, then Retry-After from the oldest grant', async () => {
  const clock = new FakeClock();
  const store = new RedisRateStore({ redis, prefix, timeSource: 'client', clock });
  const limiter = new RateLimiter({ limit: 3, window: '1s', store, name: 'sw' });
  const first = await limiter.consume('k');
  assert.deepEqual({ ...first, grantedAt: undefined }, { allowed: true, limit: 3, remaining: 2, resetMs: 1000, retryAfterMs: 0, source: 'store', grantedAt: undefined });
  clock.advance(200);
  const burst = await Promise.all([1, 2, 3, 4].map(() => limiter.consume('k')));
  assert.deepEqual(burst.map((d) => d.allowed), [true, true, false, false]);
  assert.equal(burst[3]!.retryAfterMs, 800);
  clock.advance(800);
  assert.equal((await limiter.consume('k')).allowed, true, 'first grant left the window');
  assert.equal((await limiter.consume('k')).allowed, false);
  assert.equal((await limiter.consume('k', 4)).retryAfterMs, Infinity);
});

test('Redis token bucket: burst, then refill at limit per window', async () => {
  const clock = new FakeClock();
  const store = new RedisRateStore({ redis, prefix, timeSource: 'client', clock });
  const limiter = new RateLimiter({ limit: 10, window: '1s', algorithm: 'token-bucket', burst: 4, store, name: 'tb' });
  const burst = await Promise.all(Array.from({ length: 6 }, () => limiter.consume('k')));
  assert.equal(burst.filter((d) => d.allowed).length, 4);
  assert.equal(burst[5]!.retryAfterMs, 100);
  clock.advance(250);
  const again = await Promise.all(Array.from({ length: 4 }, () => limiter.consume('k')));
  assert.equal(again.filter((d) => d.allowed).length, 2);
});

test('Redis server time (default) works without a client clock and keys expire with the window', async () => {
  const store = new RedisRateStore({ redis, prefix, timeoutMs: 5000 });
  const limiter = new RateLimiter({ limit: 2, window: '5s', store, name: 'srv' });
  assert.equal((await limiter.consume('k')).allowed, true);
  const ttl = await redis.pttl(`${prefix}sw:srv:k`);
  assert.ok(ttl > 4000 && ttl <= 5000, `pttl ${ttl}`);
  await limiter.reset('k');
  assert.equal(await redis.exists(`${prefix}sw:srv:k`), 0);
});

test('Redis store options are validated', () => {
  assert.throws(() => new RedisRateStore({ redis: {} as never }), /redis: got "object", expected an ioredis client/);
  assert.throws(() => new RedisRateStore({ redis, onOutage: 'maybe' as never }), /onOutage: got "maybe"/);
  assert.throws(() => new RedisRateStore({ redis, timeoutMs: 0 }), /timeoutMs: got 0/);
});
