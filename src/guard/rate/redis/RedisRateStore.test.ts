import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { FakeClock } from '../../../core/index.js';
import { RateLimiter } from '../RateLimiter.js';
import { RedisRateStore } from './RedisRateStore.js';
import { deletePrefix, randomPrefix, SHARED_REDIS_URL } from './redisServer.test-kit.js';

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
  assert.deepEqual(first, { allowed: true, limit: 3, remaining: 2, resetMs: 1000, retryAfterMs: 0, source: 'store', grantedAt: clock.wallNow() });
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

test('Redis blockDuration: the first denial blocks the key past its window, for every process (sliding window and token bucket)', async () => {
  for (const algorithm of ['sliding-window', 'token-bucket'] as const) {
    const clock = new FakeClock();
    const store = new RedisRateStore({ redis, prefix, timeSource: 'client', clock });
    const limiter = new RateLimiter({ limit: 2, window: '1s', algorithm, blockDuration: '10s', store, name: `block-${algorithm}` });
    assert.deepEqual((await Promise.all([1, 2, 3].map(() => limiter.consume('k')))).map((d) => d.allowed), [true, true, false], algorithm);
    clock.advance(2000);
    const other = new RateLimiter({ limit: 2, window: '1s', algorithm, blockDuration: '10s', store: new RedisRateStore({ redis, prefix, timeSource: 'client', clock }), name: `block-${algorithm}` });
    const d = await other.consume('k');
    assert.deepEqual([d.allowed, d.retryAfterMs, d.remaining], [false, 8000, 0], `${algorithm}: blocked past the window, not extended by the denied retry`);
    clock.advance(8000);
    assert.equal((await limiter.consume('k')).allowed, true, algorithm);
  }
});

test('Redis refund gives back exactly the refunded grant; concurrent decisions of mixed cost are decided in order', async () => {
  const clock = new FakeClock();
  const store = new RedisRateStore({ redis, prefix, timeSource: 'client', clock });
  const limiter = new RateLimiter({ limit: 3, window: '1s', store, name: 'refund' });
  await limiter.consume('k'); // t=0, kept
  clock.advance(100);
  const second = await limiter.consume('k');
  clock.advance(100);
  await limiter.refund('k', second);
  assert.equal(await redis.llen(`${prefix}sw:refund:k`), 1);
  const mixed = await Promise.all([limiter.consume('k', 1), limiter.consume('k', 2), limiter.consume('k', 1), limiter.consume('k', 1)]);
  assert.deepEqual(mixed.map((d) => [d.allowed, d.remaining]), [[true, 1], [false, 1], [true, 0], [false, 0]]);
  assert.equal(mixed[3]!.retryAfterMs, 800, 'the kept grant (t=0) frees first');
  const bucket = new RateLimiter({ limit: 2, window: '1s', algorithm: 'token-bucket', store, name: 'refund-tb' });
  const b = await Promise.all([1, 2].map(() => bucket.consume('k')));
  await bucket.refund('k', b[0]!);
  assert.deepEqual((await Promise.all([1, 2].map(() => bucket.consume('k')))).map((d) => d.allowed), [true, false]);
});

test('Redis store options are validated', () => {
  assert.throws(() => new RedisRateStore({ redis: {} as never }), /redis: got "object", expected an ioredis client/);
  assert.throws(() => new RedisRateStore({ redis, onOutage: 'maybe' as never }), /onOutage: got "maybe"/);
  assert.throws(() => new RedisRateStore({ redis, timeoutMs: 0 }), /timeoutMs: got 0/);
});
