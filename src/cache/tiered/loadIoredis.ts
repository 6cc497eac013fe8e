import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import { LoadlineError } from '../../core/index.js';

type RedisClass = typeof Redis;

let loaded: RedisClass | undefined;

/**
 * ioredis's client class, loaded the first time the cache opens a connection of its own (from a
 * `redis://` URL). ioredis is an optional peer dependency: a service that only uses the memory
 * caches, or passes its own client, never loads it and need not install it.
 *
 * Loaded with `require` rather than `import()` so that `new TieredCache({ redis: url })` stays
 * synchronous and wired as before (commands issued at once wait in ioredis's offline queue), and a
 * missing install fails at construction, where every other option is checked.
 */
export function loadIoredis(): RedisClass {
  if (loaded !== undefined) return loaded;
  try {
    loaded = (createRequire(import.meta.url)('ioredis') as { Redis: RedisClass }).Redis;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    // The URL is left out of the message: it may carry a password.
    throw new LoadlineError(
      'LOADLINE_MISSING_PEER',
      'redis: a Redis URL needs the optional peer dependency ioredis, which is not installed; run npm install ioredis (or pass your own Redis client)',
      { field: 'redis', expected: 'ioredis installed (npm install ioredis)' },
      { cause: error },
    );
  }
  return loaded;
}
