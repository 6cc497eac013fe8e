import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/index.js';
import { LruCache } from './LruCache.js';
import type { DisposeReason } from './lruTypes.js';

test('an expired entry is never returned by get, peek, has or iteration', () => {
  const clock = new FakeClock();
  const disposed: Array<[string, DisposeReason]> = [];
  const c = new LruCache<number>({ maxEntries: 10, ttlMs: 1000, clock, dispose: (_v, k, r) => disposed.push([k, r]) });
  c.set('a', 1);
  c.set('b', 2, { ttlMs: 5000 });
  c.set('forever', 3, { ttlMs: 0 });
  assert.equal(c.getRemainingTTL('a'), 1000);
  assert.equal(c.getRemainingTTL('forever'), Infinity);
  assert.equal(c.getRemainingTTL('missing'), 0);
  clock.advance(999);
  assert.equal(c.get('a'), 1);
  clock.advance(1);
  assert.equal(c.peek('a'), undefined);
  assert.equal(c.has('a'), false);
  assert.deepEqual([...c.keys()], ['forever', 'b']);
  assert.equal(c.get('a'), undefined);
  assert.deepEqual(disposed, [['a', 'expired']]);
  assert.equal(c.stats().expirations, 1);
  assert.equal(c.getRemainingTTL('b'), 4000);
  clock.advance(10_000);
  assert.equal(c.get('forever'), 3);
  assert.equal(c.purgeStale(), 1);
  assert.equal(c.size, 1);
});

test('allowStale returns an expired entry once, then it is gone', () => {
  const clock = new FakeClock();
  const c = new LruCache<string>({ maxEntries: 10, ttlMs: 100, clock });
  c.set('a', 'A');
  clock.advance(200);
  assert.equal(c.peek('a', { allowStale: true }), 'A');
  assert.equal(c.get('a', { allowStale: true }), 'A');
  assert.equal(c.get('a', { allowStale: true }), undefined);
  const d = new LruCache<string>({ maxEntries: 10, ttlMs: 100, clock, allowStale: true });
  d.set('x', 'X');
  clock.advance(100);
  assert.equal(d.get('x'), 'X');
});

test('an entry in grace is kept but plain get still misses it', () => {
  const clock = new FakeClock();
  const c = new LruCache<string>({ maxEntries: 10, ttlMs: 100, graceMs: 1000, clock });
  c.set('a', 'A');
  clock.advance(150);
  assert.equal(c.get('a'), undefined);
  assert.equal(c.size, 1);
  assert.equal(c.get('a', { allowStale: true }), 'A');
  clock.advance(1000);
  assert.equal(c.get('a', { allowStale: true }), undefined);
  assert.equal(c.size, 0);
});
