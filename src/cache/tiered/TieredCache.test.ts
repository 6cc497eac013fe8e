import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../../core/index.js';
import { TieredCache } from './TieredCache.js';
import { connect, dropPrefix, testPrefix } from './redis.test-kit.js';

test('set/get/mget/mset/delete go through both tiers, values round-trip as JSON', async (t) => {
  const redis = connect();
  const prefix = testPrefix();
  const cache = new TieredCache<{ n: number }>({ redis, prefix, ttlMs: 60_000, subscriber: false });
  t.after(async () => {
    await dropPrefix(redis, prefix);
    await cache.close();
    redis.disconnect();
  });
  await cache.set('a', { n: 1 });
  assert.equal(await redis.get(`${prefix}a`), '{"n":1}');
  const ttl = await redis.pttl(`${prefix}a`);
  assert.ok(ttl > 59_000 && ttl <= 60_000, String(ttl));
  assert.deepEqual(await cache.get('a'), { n: 1 });
  await cache.mset([['b', { n: 2 }], ['c', { n: 3 }, { ttlMs: 5000 }]]);
  const pttlC = await redis.pttl(`${prefix}c`);
  assert.ok(pttlC > 4000 && pttlC <= 5000);
  await redis.set(`${prefix}d`, '{"n":4}'); // only in Redis
  assert.deepEqual(await cache.mget(['a', 'b', 'c', 'd', 'nope']), [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, undefined]);
  const s = cache.stats();
  assert.equal(s.l2Hits, 1);
  assert.equal(s.misses, 1);
  assert.equal(s.l2Errors, 0);
  await cache.delete('a');
  assert.equal(await redis.exists(`${prefix}a`), 0);
  assert.equal(await cache.get('a'), undefined);
});

test('Redis-only mode (l1: false) reads Redis every time and single-flights getOrSet', async (t) => {
  const redis = connect();
  const prefix = testPrefix();
  const cache = new TieredCache<string>({ redis, prefix, l1: false });
  t.after(async () => {
    await dropPrefix(redis, prefix);
    await cache.close();
    redis.disconnect();
  });
  let loads = 0;
  const loader = async () => (loads++, 'v');
  assert.deepEqual(await Promise.all([cache.getOrSet('k', loader), cache.getOrSet('k', loader)]), ['v', 'v']);
  assert.equal(loads, 1);
  await redis.set(`${prefix}k`, '"changed elsewhere"');
  assert.equal(await cache.get('k'), 'changed elsewhere');
  assert.equal(await cache.getOrSet('k', loader), 'changed elsewhere');
  assert.equal(loads, 1);
});

test('a value the serializer cannot encode fails that call and leaves both tiers unchanged', async (t) => {
  const redis = connect();
  const prefix = testPrefix();
  const cache = new TieredCache<unknown>({ redis, prefix, subscriber: false });
  t.after(async () => {
    await dropPrefix(redis, prefix);
    redis.disconnect();
  });
  await cache.set('k', 'old');
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  for (const bad of [{ n: 10n }, circular, undefined]) {
    await assert.rejects(cache.set('k', bad), (e: unknown) => isLoadlineError(e, 'LOADLINE_CACHE_SERIALIZE') && /key "k": value cannot be serialized/.test(e.message));
  }
  await assert.rejects(cache.mset([['x', 'fine'], ['k', 1n]]), (e: unknown) => isLoadlineError(e, 'LOADLINE_CACHE_SERIALIZE'));
  assert.equal(await cache.get('k'), 'old');
  assert.equal(await redis.get(`${prefix}k`), '"old"');
  assert.equal(await redis.exists(`${prefix}x`), 0);
  assert.equal(await cache.get('x'), undefined);
  await assert.rejects(cache.getOrSet('y', () => 2n), (e: unknown) => isLoadlineError(e, 'LOADLINE_CACHE_SERIALIZE'));
  assert.equal(await cache.get('y'), undefined);
});

test('options are validated: L1 TTL no longer than Redis TTL, bad keys rejected', () => {
  const redis = connect();
  try {
    assert.throws(() => new TieredCache({ redis, ttlMs: 1000, l1: { ttlMs: 5000 } }), (e: unknown) => isLoadlineError(e) && e.details.field === 'l1.ttlMs');
    assert.throws(() => new TieredCache({ redis, ttlMs: -1 }), (e: unknown) => isLoadlineError(e) && e.details.field === 'ttlMs');
    assert.throws(() => new TieredCache({ redis: {} as never }), (e: unknown) => isLoadlineError(e) && e.details.field === 'redis');
    const cache = new TieredCache({ redis, subscriber: false });
    assert.throws(() => cache.getOrSet(5 as unknown as string, () => 1), (e: unknown) => isLoadlineError(e) && e.details.field === 'key');
  } finally {
    redis.disconnect();
  }
});
