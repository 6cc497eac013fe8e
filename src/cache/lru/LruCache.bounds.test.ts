import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/index.js';
import { LruCache } from './LruCache.js';
import type { DisposeReason } from './lruTypes.js';

test('count bound evicts the least recently used entry, get and set refresh recency', () => {
  const disposed: Array<[string, DisposeReason]> = [];
  const c = new LruCache<number>({ maxEntries: 3, dispose: (_v, k, r) => disposed.push([k, r]) });
  c.set('a', 1).set('b', 2).set('c', 3);
  assert.equal(c.get('a'), 1); // a is now most recent
  c.set('d', 4); // evicts b
  assert.deepEqual([...c.keys()], ['d', 'a', 'c']);
  assert.equal(c.get('b'), undefined);
  assert.deepEqual(disposed, [['b', 'evicted']]);
  c.set('c', 30); // replace
  assert.deepEqual(disposed.at(-1), ['c', 'replaced']);
  assert.deepEqual([...c.entries()], [['c', 30], ['d', 4], ['a', 1]]);
  assert.equal(c.delete('a'), true);
  assert.equal(c.delete('a'), false);
  assert.deepEqual(disposed.at(-1), ['a', 'deleted']);
  const s = c.stats();
  assert.equal(s.entries, 2);
  assert.equal(s.evictions, 1);
  assert.equal(s.hits, 1);
  assert.equal(s.misses, 1);
});

test('peek and has do not change recency; iteration is most recent first', () => {
  const c = new LruCache<string>({ maxEntries: 2 });
  c.set('a', 'A').set('b', 'B');
  assert.equal(c.peek('a'), 'A');
  assert.equal(c.has('a'), true);
  assert.equal(c.has('zz'), false);
  c.set('c', 'C'); // a was not refreshed by peek/has, so it goes
  assert.deepEqual([...c], [['c', 'C'], ['b', 'B']]);
  assert.deepEqual([...c.values()], ['C', 'B']);
  assert.equal(c.stats().hits, 0);
});

test('byte bound evicts until the total fits; an entry larger than the bound is not stored', () => {
  const c = new LruCache<string>({ maxBytes: 100, sizeOf: (v) => v.length });
  c.set('a', 'x'.repeat(40)).set('b', 'x'.repeat(40));
  assert.equal(c.bytes, 80);
  c.set('c', 'x'.repeat(40)); // a goes
  assert.equal(c.bytes, 80);
  assert.deepEqual([...c.keys()], ['c', 'b']);
  c.set('b', 'x'.repeat(101)); // too large: old b dropped, nothing stored
  assert.equal(c.has('b'), false);
  assert.equal(c.bytes, 40);
  c.set('d', 'x'.repeat(100)); // evicts c to fit exactly
  assert.deepEqual([...c.keys()], ['d']);
  assert.equal(c.bytes, 100);
});

test('past the preallocation, entries keep their TTL, size and tags (the per-slot tables grow with the slots)', () => {
  const clock = new FakeClock();
  const c = new LruCache<number>({ maxEntries: 200_000, maxBytes: 1e9, sizeOf: () => 3, ttlMs: 1000, clock });
  for (let i = 0; i < 150_000; i++) c.set(`k${i}`, i);
  c.set('late', 1, { ttlMs: 50_000, tags: ['t'], size: 7 });
  assert.equal(c.bytes, 150_000 * 3 + 7);
  assert.equal(c.getRemainingTTL('k149999'), 1000);
  assert.equal(c.getRemainingTTL('late'), 50_000);
  clock.advance(1000);
  assert.equal(c.get('k149999'), undefined); // expired
  assert.equal(c.get('late'), 1);
  assert.equal(c.invalidateTags(['t']), 1);
  assert.equal(c.has('late'), false);
  assert.equal(c.purgeStale(), 149_999);
  assert.equal(c.size, 0);
  assert.equal(c.bytes, 0);
});

test('slots are reused past the preallocation without losing order', () => {
  const c = new LruCache<number>({ maxEntries: 300_000 });
  for (let i = 0; i < 400_000; i++) c.set(`k${i}`, i);
  assert.equal(c.size, 300_000);
  assert.equal(c.get('k99999'), undefined);
  assert.equal(c.get('k100000'), 100_000);
  assert.equal(c.keys().next().value, 'k100000');
  for (let i = 0; i < 1000; i++) c.delete(`k${200_000 + i}`);
  for (let i = 0; i < 1000; i++) c.set(`n${i}`, i);
  assert.equal(c.size, 300_000);
  assert.equal(c.get('k100001'), 100_001);
});
