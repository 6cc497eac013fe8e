import type { Redis } from 'ioredis';
import { requirePeer } from '../../core/index.js';

type RedisClass = typeof Redis;

let loaded: RedisClass | undefined;

/**
 * ioredis's client class, loaded the first time the cache opens a connection of its own (from a
 * `redis://` URL). ioredis is an optional peer dependency: a service that only uses the memory
 * caches, or passes its own client, never loads it and need not install it. Without it installed
 * this throws `LOADLINE_MISSING_PEER` (core's `requirePeer`).
 *
 * Loaded with `require` rather than `import()` so that `new TieredCache({ redis: url })` stays
 * synchronous and wired as before (commands issued at once wait in ioredis's offline queue), and a
 * missing install fails at construction, where every other option is checked.
 */
export function loadIoredis(): RedisClass {
  // The URL is left out of the message: it may carry a password.
  loaded ??= requirePeer<{ Redis: RedisClass }>('ioredis', { neededFor: 'redis: a Redis URL', field: 'redis', otherwise: 'pass your own Redis client' }).Redis;
  return loaded;
}
