import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { LruCache } from './LruCache.js';

// Users see what the published types show: an `_`-prefixed member there reads as API they may use.
test('an LruCache exposes no _-prefixed member, at run time or in its published types', async () => {
  const cache = new LruCache<number>({ maxEntries: 2, ttlMs: 10, graceMs: 10 });
  cache.set('a', 1);
  await cache.getOrSet('b', () => 2);
  const names = [...Object.getOwnPropertyNames(cache), ...Object.getOwnPropertyNames(LruCache.prototype)];
  assert.deepEqual(names.filter((n) => n.startsWith('_')), []);
  const declaration = readFileSync(new URL('./LruCache.d.ts', import.meta.url), 'utf8');
  assert.deepEqual(declaration.split('\n').filter((line) => /^\s+(?:readonly\s+)?_\w/.test(line)), []);
  assert.doesNotMatch(declaration, /@internal/);
});
