import type { Redis } from 'ioredis';
import { LoadlineError, type Clock } from '../../core/index.js';

/** Where `redis` connects, for messages: `host:port` or the socket path. */
export function redisAddress(redis: Redis): string {
  const o = redis.options;
  return o.path ? o.path : `${o.host ?? '127.0.0.1'}:${o.port ?? 6379}`;
}

/** The error `TieredCache.ready` rejects with. */
export function redisUnavailable(redis: Redis, reason: string, cause?: unknown): LoadlineError {
  return new LoadlineError(
    'LOADLINE_CACHE_REDIS_UNAVAILABLE',
    `redis at ${redisAddress(redis)} is not reachable (${reason}); the cache answers from memory and the loader, and uses Redis once it is reachable`,
    { field: 'redis' },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Resolves when `redis` is connected and answering; rejects with LOADLINE_CACHE_REDIS_UNAVAILABLE
 * on its first connection error (a host that does not resolve, a refused port), when it closes,
 * or after `timeoutMs` (a server that accepts and never answers). Listens only while it waits,
 * so a client passed in keeps its own error handling afterwards.
 */
export function redisReady(redis: Redis, clock: Clock, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  if (redis.status === 'end' || redis.status === 'close') return Promise.reject(redisUnavailable(redis, `the client is ${redis.status}`));
  return new Promise<void>((resolve, reject) => {
    const settle = (error?: LoadlineError) => {
      redis.off('ready', onReady);
      redis.off('error', onError);
      redis.off('end', onEnd);
      clock.clearTimeout(timer);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onReady = () => settle();
    const onError = (error: Error) => settle(redisUnavailable(redis, error.message, error));
    const onEnd = () => settle(redisUnavailable(redis, 'the connection was closed'));
    const timer = clock.setTimeout(() => settle(redisUnavailable(redis, `it did not answer within readyTimeoutMs ${timeoutMs}`)), timeoutMs);
    redis.on('ready', onReady);
    redis.on('error', onError);
    redis.on('end', onEnd);
    if (redis.status === 'wait') redis.connect().catch(() => {}); // lazyConnect: the error arrives as an event too
  });
}
