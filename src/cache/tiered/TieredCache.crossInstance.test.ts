import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TieredCache } from './TieredCache.js';
import { connect, dropPrefix, nextMessage, testPrefix } from './redis.test-kit.js';

test('a write, delete, tag or pattern invalidation on one instance drops the L1 copy on the other', async (t) => {
  const prefix = testPrefix();
  const [redisA, subA, redisB, subB] = [connect(), connect(), connect(), connect()];
  const a = new TieredCache<string>({ redis: redisA, subscriber: subA, prefix, ttlMs: 60_000 });
  const b = new TieredCache<string>({ redis: redisB, subscriber: subB, prefix, ttlMs: 60_000 });
  t.after(async () => {
    await dropPrefix(redisA, prefix);
    await a.close();
    await b.close();
    for (const r of [redisA, subA, redisB, subB]) r.disconnect();
  });
  await Promise.all([a.ready, b.ready]);

  await a.set('k', 'v1');
  let seen = nextMessage(subB);
  assert.equal(await b.get('k'), 'v1'); // B now holds v1 in memory
  await seen;
  seen = nextMessage(subB);
  await a.set('k', 'v2');
  await seen;
  assert.equal(await b.get('k'), 'v2', 'B dropped its stale L1 copy');

  seen = nextMessage(subB);
  await a.delete('k');
  await seen;
  assert.equal(await b.get('k'), undefined);

  // Tags: B cached the entry through getOrSet with tags; A invalidates by tag.
  await a.set('u:1', 'alice', { tags: ['team:1'] });
  assert.equal(await b.getOrSet('u:1', () => 'loaded', { tags: ['team:1'] }), 'alice');
  await b.get('u:2'); // miss
  seen = nextMessage(subB);
  assert.equal(await a.invalidateTags(['team:1']), 1);
  await seen;
  assert.equal(await redisA.exists(`${prefix}u:1`), 0);
  assert.equal(await b.get('u:1'), undefined);

  // Pattern invalidation with SCAN: B held both in memory.
  seen = nextMessage(subB);
  await a.mset([['user:1:profile', 'p1'], ['user:2:profile', 'p2'], ['media:1', 'm']]);
  await seen;
  assert.deepEqual(await b.mget(['user:1:profile', 'user:2:profile', 'media:1']), ['p1', 'p2', 'm']);
  seen = nextMessage(subB);
  assert.equal(await a.invalidatePattern('user:*:profile'), 2);
  await seen;
  await redisB.set(`${prefix}media:1`, '"changed in redis only"');
  assert.deepEqual(await b.mget(['user:1:profile', 'user:2:profile', 'media:1']), [undefined, undefined, 'm']);
});
