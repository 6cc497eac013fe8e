import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/index.js';
import { LruCache } from './LruCache.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

test('invalidateTags drops tagged entries and leaves the rest', () => {
  const c = new LruCache<string>({ maxEntries: 10 });
  c.set('u1', 'a', { tags: ['users', 'team:1'] });
  c.set('u2', 'b', { tags: ['users'] });
  c.set('p1', 'c', { tags: ['posts'] });
  assert.equal(c.invalidateTags(['team:1']), 1);
  assert.deepEqual([...c.keys()].sort(), ['p1', 'u2']);
  assert.equal(c.invalidateTags(['users', 'nothing']), 1);
  assert.deepEqual([...c.keys()], ['p1']);
  c.set('u2', 'b2'); // re-set without tags: not dropped by the old tag
  assert.equal(c.invalidateTags(['users']), 0);
});

test('dependency cascade: invalidating user:42 drops entries declared dependent on it, transitively', () => {
  const c = new LruCache<string>({ maxEntries: 10 });
  c.set('user:42', 'alice', { tags: ['user:42'] });
  c.set('user:42:profile', 'p', { dependsOn: ['user:42'] });
  c.set('user:42:playlists', 'pl', { dependsOn: ['user:42'] });
  c.set('playlist:public', 'pub', { dependsOn: ['user:42:playlists'] });
  c.set('user:7:profile', 'q', { dependsOn: ['user:7'] });
  assert.equal(c.invalidateTags(['user:42']), 1);
  assert.deepEqual([...c.keys()], ['user:7:profile']);
  c.set('a', '1');
  c.set('b', '2', { dependsOn: ['a'] });
  c.set('a', '1 changed'); // a new value for a makes b outdated
  assert.equal(c.has('b'), false);
  c.set('b', '2', { dependsOn: ['a'] });
  c.delete('a');
  assert.equal(c.has('b'), false);
});

test('after invalidateTags no read returns the invalidated value, stale or not, even during an in-flight refresh', async () => {
  const clock = new FakeClock();
  const c = new LruCache<string>({ maxEntries: 10, ttlMs: 100, graceMs: 10_000, clock });
  await c.getOrSet('k', () => 'v1', { tags: ['t'] });
  clock.advance(150); // stale, in grace
  let release!: (v: string) => void;
  let signal: AbortSignal | undefined;
  const refresh = (ctx: { signal: AbortSignal }) => ((signal = ctx.signal), new Promise<string>((r) => (release = r)));
  assert.equal(await c.getOrSet('k', refresh, { tags: ['t'] }), 'v1'); // stale served, refresh in flight
  c.invalidateTags(['t']);
  assert.equal(signal!.aborted, true);
  assert.equal(c.get('k'), undefined);
  assert.equal(c.get('k', { allowStale: true }), undefined);
  assert.equal(c.peek('k', { allowStale: true }), undefined);
  // A read after the invalidation loads afresh instead of joining the superseded refresh.
  let loads = 0;
  const fresh = c.getOrSet('k', () => (loads++, 'v2'), { tags: ['t'] });
  release('v1 refreshed before the invalidation');
  assert.equal(await fresh, 'v2');
  await flush();
  assert.equal(loads, 1);
  assert.equal(c.get('k'), 'v2');
});

test('a foreground load in flight during invalidateTags answers its waiters but is not stored', async () => {
  const c = new LruCache<string>({ maxEntries: 10 });
  let release!: (v: string) => void;
  const first = c.getOrSet('k', () => new Promise<string>((r) => (release = r)), { tags: ['t'] });
  c.invalidateTags(['t']);
  const second = c.getOrSet('k', () => 'after', { tags: ['t'] });
  release('before');
  assert.equal(await first, 'before');
  assert.equal(await second, 'after');
  assert.equal(c.get('k'), 'after');
});
