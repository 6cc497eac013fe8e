import { randomBytes } from 'node:crypto';
import { invalidInput } from '../core/index.js';

/**
 * The commands `dropRedisKeys` uses: an ioredis client (or anything that answers the same way).
 * Typed structurally, so loadline/testing loads without ioredis installed.
 */
export interface RedisKeyClient {
  scan(cursor: string, match: 'MATCH', pattern: string, count: 'COUNT', n: number): Promise<[cursor: string, keys: string[]]>;
  unlink(...keys: string[]): Promise<number>;
}

/**
 * A key prefix no other test run uses (`loadline-test:<scope>:<random>:`), so tests that share
 * one Redis (a TieredCache's `prefix`, a RedisRateStore's `prefix`) never see each other's keys.
 *
 * @example
 * const prefix = redisTestPrefix('cart');
 * const cache = new TieredCache({ redis, prefix });
 * t.after(() => dropRedisKeys(redis, prefix));
 */
export function redisTestPrefix(scope = 'test'): string {
  return `loadline-test:${scope}:${randomBytes(6).toString('hex')}:`;
}

/**
 * Deletes every key under `prefix` with SCAN and UNLINK (never KEYS, which blocks the server).
 * Refuses an empty prefix, which would match every key of the database.
 */
export async function dropRedisKeys(redis: RedisKeyClient, prefix: string): Promise<void> {
  if (typeof prefix !== 'string' || prefix === '') throw invalidInput({ field: 'prefix', value: prefix, expected: 'a non-empty key prefix (an empty one would match every key)' });
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}
