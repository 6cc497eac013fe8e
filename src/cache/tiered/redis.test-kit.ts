import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** Test support: connections to the shared Redis under a random prefix, cleaned up afterwards. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testPrefix(): string {
  return `loadline-test:cache:${randomBytes(6).toString('hex')}:`;
}

export function connect(url = REDIS_URL): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  return redis;
}

/** Deletes every key under `prefix` (SCAN, never KEYS). */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** Resolves when `subscriber` receives the next message on any channel. */
export function nextMessage(subscriber: Redis): Promise<void> {
  return new Promise((resolve) => subscriber.once('message', () => setImmediate(resolve)));
}
