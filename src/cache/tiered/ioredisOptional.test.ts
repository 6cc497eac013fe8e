import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runWithoutPeer } from '../../core/errors/withoutPeer.test-kit.js';

// What a service that installed loadline without the optional peer `ioredis` runs.
const script = `
const out = {};
const { LruCache, TieredCache, ResponseCache } = await import('./dist/cache/index.js');
const lru = new LruCache({ maxEntries: 2 });
lru.set('a', 1);
out.lru = await lru.getOrSet('b', () => 2) + lru.get('a');
out.responseCache = typeof new ResponseCache().decide;
try { new TieredCache({ redis: 'redis://:s3cret@127.0.0.1:6379/0' }); out.tiered = 'constructed'; } catch (e) { out.tiered = { code: e.code, field: e.details?.field, message: e.message }; }
console.log(JSON.stringify(out));
`;

test('without ioredis installed, loadline/cache loads, LruCache works and a Redis URL fails with LOADLINE_MISSING_PEER saying what to install', (t) => {
  const out = runWithoutPeer(t, { peer: 'ioredis', pillars: ['cache'], script }) as { lru: number; responseCache: string; tiered: { code: string; field: string; message: string } };
  assert.equal(out.lru, 3);
  assert.equal(out.responseCache, 'function');
  assert.equal(out.tiered.code, 'LOADLINE_MISSING_PEER');
  assert.equal(out.tiered.field, 'redis');
  assert.match(out.tiered.message, /npm install ioredis/);
  assert.doesNotMatch(out.tiered.message, /s3cret/);
});
