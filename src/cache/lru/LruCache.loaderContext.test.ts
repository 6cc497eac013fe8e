import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, isLoadlineError } from '../../core/index.js';
import { LruCache } from './LruCache.js';

test('a loader sets the TTL of what it loads with ctx.setTtl (adaptive caching)', async () => {
  const clock = new FakeClock();
  const c = new LruCache<{ token: string; expiresInMs: number }>({ maxEntries: 10, ttlMs: 60_000, clock });
  const token = await c.getOrSet('token', (ctx) => {
    const fresh = { token: 't1', expiresInMs: 500 };
    ctx.setTtl(fresh.expiresInMs);
    return fresh;
  });
  assert.equal(token.token, 't1');
  assert.equal(c.getRemainingTTL('token'), 500);
  clock.advance(501);
  assert.equal(c.get('token'), undefined);
  await c.getOrSet('forever', (ctx) => (ctx.setTtl(0), { token: 'f', expiresInMs: 0 }));
  assert.equal(c.getRemainingTTL('forever'), Infinity);
  await c.getOrSet('plain', () => ({ token: 'p', expiresInMs: 0 }), { ttlMs: 2000 });
  assert.equal(c.getRemainingTTL('plain'), 2000, 'without setTtl the option holds');
});

test('ctx.skip() hands the result to every waiter but stores nothing', async () => {
  const c = new LruCache<string | null>({ maxEntries: 10 });
  let loads = 0;
  const loader = async (ctx: { skip(): void }) => {
    loads++;
    await Promise.resolve();
    ctx.skip(); // e.g. the record does not exist yet: do not cache the absence
    return null;
  };
  assert.deepEqual(await Promise.all([c.getOrSet('user:1', loader), c.getOrSet('user:1', loader)]), [null, null]);
  assert.equal(loads, 1);
  assert.equal(c.has('user:1'), false);
  await c.getOrSet('user:1', loader);
  assert.equal(loads, 2);
});

test('a background refresh that skips keeps serving the stale value until grace ends', async () => {
  const clock = new FakeClock();
  const c = new LruCache<string>({ maxEntries: 10, ttlMs: 100, graceMs: 1000, clock });
  c.set('k', 'v1');
  clock.advance(150);
  let refreshed!: () => void;
  const done = new Promise<void>((r) => (refreshed = r));
  assert.equal(await c.getOrSet('k', (ctx) => (ctx.skip(), refreshed(), 'partial')), 'v1');
  await done;
  await Promise.resolve();
  assert.equal(c.peek('k', { allowStale: true }), 'v1');
  assert.equal(await c.getOrSet('k', (ctx) => (ctx.setTtl(5000), 'v2'), { softTimeoutMs: 10 }), 'v2');
  assert.equal(c.getRemainingTTL('k'), 5000);
});

test('setTtl with a bad value fails the load, naming setTtl', async () => {
  const c = new LruCache<string>({ maxEntries: 10 });
  await assert.rejects(
    c.getOrSet('k', (ctx) => (ctx.setTtl(-1), 'x')),
    (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && /setTtl: got -1/.test(e.message),
  );
  assert.equal(c.has('k'), false);
});
