import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { isLoadlineError } from '../core/index.js';
import { dropRedisKeys, redisTestPrefix } from './redisKeys.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

test('redisTestPrefix differs on every call and names its scope', () => {
  const a = redisTestPrefix('cart');
  assert.match(a, /^loadline-test:cart:[0-9a-f]{12}:$/);
  assert.notEqual(a, redisTestPrefix('cart'));
  assert.match(redisTestPrefix(), /^loadline-test:test:/);
});

test('dropRedisKeys deletes every key under the prefix (past one SCAN page) and nothing else, glob characters taken literally', async (t) => {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const prefix = redisTestPrefix('testing-kit');
  const globby = `${prefix}a*`; // a prefix with a glob character must not match `${prefix}ab`
  const neighbour = `${prefix.slice(0, -1)}-neighbour`;
  t.after(async () => {
    await redis.unlink(neighbour, `${prefix}ab`);
    await dropRedisKeys(redis, prefix);
    await redis.quit();
  });
  const keys = Array.from({ length: 2500 }, (_, i) => `${globby}:${i}`);
  await redis.mset(...keys.flatMap((k) => [k, '1']));
  await redis.set(`${prefix}ab`, '1');
  await redis.set(neighbour, '1');
  await dropRedisKeys(redis, globby);
  assert.equal(await redis.exists(...keys.slice(0, 100)), 0);
  assert.equal(await redis.exists(keys.at(-1)!), 0);
  assert.equal(await redis.exists(`${prefix}ab`), 1, 'the * in the prefix was taken as a glob');
  assert.equal(await redis.exists(neighbour), 1);
  await dropRedisKeys(redis, prefix);
  assert.equal(await redis.exists(`${prefix}ab`), 0);
});

test('dropRedisKeys refuses an empty prefix, which would match every key', async () => {
  const never = { scan: () => assert.fail('scanned'), unlink: () => assert.fail('unlinked') };
  await assert.rejects(dropRedisKeys(never, ''), (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && /prefix: got "", expected a non-empty key prefix/.test(e.message));
});
