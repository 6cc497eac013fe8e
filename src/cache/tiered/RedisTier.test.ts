import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../core/index.js';
import { RedisTier } from './RedisTier.js';
import { jsonSerializer, type Serializer } from './serializer.js';
import { connect, dropPrefix, testPrefix } from './redis.test-kit.js';

/** A tier on the shared Redis under a fresh prefix (dropped after the test); what plain reads find goes to `filled`. */
function setup(t: TestContext, filled: Array<[string, unknown]> = []) {
  const redis = connect();
  const prefix = testPrefix();
  t.after(async () => {
    await dropPrefix(redis, prefix);
    redis.disconnect();
  });
  const l2 = new RedisTier<unknown>(redis, systemClock, 1000, prefix, jsonSerializer as Serializer<unknown>, (key, value) => filled.push([key, value]));
  return { redis, prefix, l2 };
}

test('a tag set lives as long as its longest-lived member and persists with one that never expires', async (t) => {
  const { redis, prefix, l2 } = setup(t);
  await l2.write([['a', '1', 60_000, ['t']]]);
  const first = await redis.pttl(`${prefix}__tag:t`);
  assert.ok(first > 59_000 && first <= 60_000, String(first));
  await l2.write([['b', '2', 5_000, ['t']]]); // shorter: never shortens the set
  assert.ok((await redis.pttl(`${prefix}__tag:t`)) > 59_000);
  await l2.write([['c', '3', 120_000, ['t']]]); // longer: extends it
  assert.ok((await redis.pttl(`${prefix}__tag:t`)) > 119_000);
  await l2.write([['d', '4', 0, ['t']]]); // no TTL: the set must outlive it
  assert.equal(await redis.pttl(`${prefix}__tag:t`), -1);
  assert.equal(await redis.pttl(`${prefix}d`), -1);
  assert.deepEqual((await redis.smembers(`${prefix}__tag:t`)).sort(), ['a', 'b', 'c', 'd'].map((k) => prefix + k));
});

test('plain reads count misses and fill memory; load reads only count hits; undecodable values are errors, not values', async (t) => {
  const filled: Array<[string, unknown]> = [];
  const { redis, prefix, l2 } = setup(t, filled);
  await redis.set(`${prefix}a`, '{"n":1}');
  await redis.set(`${prefix}bad`, '{not json');
  assert.deepEqual(await l2.read('a', true), { n: 1 });
  assert.deepEqual(await l2.read('a', false), { n: 1 });
  assert.equal(await l2.read('none', false), undefined);
  assert.equal(await l2.read('bad', true), undefined);
  const out: unknown[] = [undefined, 'from memory', undefined, undefined];
  await l2.readMany(['a', 'm', 'none', 'bad'], [0, 2, 3], out);
  assert.deepEqual(out, [{ n: 1 }, 'from memory', undefined, undefined]);
  assert.deepEqual(filled, [['a', { n: 1 }], ['a', { n: 1 }]]);
  assert.equal(l2.hits, 3);
  assert.equal(l2.misses, 3); // bad (plain), none and bad (readMany); not the load read of none
  assert.equal(l2.guard.errors, 2);
  assert.match(String((l2.guard.lastError as Error).message), /key "bad": stored value cannot be deserialized/);
});

test('dropTags deletes the tagged keys and the tag sets and names the keys without the prefix; dropPattern pages through SCAN', async (t) => {
  const { redis, prefix, l2 } = setup(t);
  await l2.write([['a', '1', 0, ['t1']], ['b', '2', 0, ['t1', 't2']], ['c', '3', 0, ['t3']], ['d', '4', 0, undefined]]);
  const dropped = await l2.dropTags(['t1', 't2']);
  assert.equal(dropped.deleted, 2);
  assert.deepEqual(dropped.keys.sort(), ['a', 'b']);
  assert.equal(await redis.exists(`${prefix}a`, `${prefix}b`, `${prefix}__tag:t1`, `${prefix}__tag:t2`), 0);
  assert.equal(await redis.exists(`${prefix}c`, `${prefix}d`), 2);
  await l2.write(Array.from({ length: 1200 }, (_, i) => [`p:${i}`, '0', 0, undefined] as const));
  assert.equal(await l2.dropPattern('p:*'), 1200);
  assert.equal(await l2.dropPattern('p:*'), 0);
  assert.equal(await redis.exists(`${prefix}c`, `${prefix}d`), 2);
  assert.equal(l2.ledger.empty, true);
});
