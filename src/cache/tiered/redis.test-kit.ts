import { Redis } from 'ioredis';
import { dropRedisKeys, redisTestPrefix } from '../../testing/redisKeys.js';

/** Test support: connections to the shared Redis under a random prefix, cleaned up afterwards. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testPrefix(): string {
  return redisTestPrefix('cache');
}

export function connect(url = REDIS_URL): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  return redis;
}

/** Deletes every key under `prefix` (SCAN, never KEYS). */
export const dropPrefix: (redis: Redis, prefix: string) => Promise<void> = dropRedisKeys;

/** Resolves when `subscriber` receives the next message on any channel. */
export function nextMessage(subscriber: Redis): Promise<void> {
  return new Promise((resolve) => subscriber.once('message', () => setImmediate(resolve)));
}
