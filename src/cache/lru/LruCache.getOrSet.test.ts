import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, isLoadlineError } from '../../core/index.js';
import { LruCache } from './LruCache.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

test('concurrent misses run the loader once and share the result', async () => {
  const c = new LruCache<string>({ maxEntries: 10 });
  const gate = deferred<string>();
  let calls = 0;
  const loader = () => (calls++, gate.promise);
  const all = Promise.all([c.getOrSet('k', loader), c.getOrSet('k', loader), c.getOrSet('k', loader)]);
  gate.resolve('V');
  assert.deepEqual(await all, ['V', 'V', 'V']);
  assert.equal(calls, 1);
  assert.equal(await c.getOrSet('k', loader), 'V');
  assert.equal(calls, 1);
  const s = c.stats();
  assert.equal(s.loads, 1);
  assert.equal(s.hits, 1);
  assert.equal(s.misses, 3);
});

test('loader errors reach every waiter and are not cached', async () => {
  const c = new LruCache<string>({ maxEntries: 10 });
  let calls = 0;
  const failing = async () => {
    calls++;
    throw new Error('db down');
  };
  const results = await Promise.allSettled([c.getOrSet('k', failing), c.getOrSet('k', failing)]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  assert.equal((results[0] as PromiseRejectedResult).reason.message, 'db down');
  assert.equal(calls, 1);
  assert.equal(c.has('k'), false);
  assert.equal(await c.getOrSet('k', () => 'ok'), 'ok');
  assert.equal(c.stats().loadErrors, 1);
  const sync = await c.getOrSet('s', () => {
    throw new Error('sync throw');
  }).catch((e: Error) => e.message);
  assert.equal(sync, 'sync throw');
});

test('stale-while-revalidate serves stale at once, refreshes once, keeps stale on failure until grace ends', async () => {
  const clock = new FakeClock();
  const c = new LruCache<number>({ maxEntries: 10, ttlMs: 1000, graceMs: 5000, clock });
  await c.getOrSet('k', () => 1);
  clock.advance(1500);
  const gate = deferred<number>();
  let calls = 0;
  const slow = () => (calls++, gate.promise);
  assert.equal(await c.getOrSet('k', slow), 1);
  assert.equal(await c.getOrSet('k', slow), 1);
  assert.equal(calls, 1);
  gate.reject(new Error('refresh failed'));
  await flush();
  assert.equal(await c.getOrSet('k', () => Promise.reject(new Error('again'))), 1);
  await flush();
  assert.equal(c.stats().loadErrors, 2);
  assert.equal(c.stats().staleHits, 3);
  clock.advance(5000); // grace over (expired at 1000, grace to 6000; now 6500)
  assert.equal(await c.getOrSet('k', () => 2), 2);
  clock.advance(1500); // expired again, in grace: refresh succeeds in the background
  assert.equal(await c.getOrSet('k', () => 3), 2);
  await flush();
  assert.equal(await c.getOrSet('k', () => 4), 3);
});

test('soft timeout answers with the stale value; a refresh that beats it answers fresh', async () => {
  const clock = new FakeClock();
  const c = new LruCache<string>({ maxEntries: 10, ttlMs: 100, graceMs: 10_000, clock });
  c.set('k', 'old');
  clock.advance(200);
  const gate = deferred<string>();
  const answer = c.getOrSet('k', () => gate.promise, { softTimeoutMs: 50 });
  await clock.advanceAsync(50);
  assert.equal(await answer, 'old');
  gate.resolve('new');
  await flush();
  assert.equal(c.get('k'), 'new');
  clock.advance(200);
  assert.equal(await c.getOrSet('k', async () => 'newer', { softTimeoutMs: 50 }), 'newer');
});

test('hard timeout fails the call with LOADLINE_TIMEOUT and aborts the loader signal', async () => {
  const clock = new FakeClock();
  const c = new LruCache<string>({ maxEntries: 10, clock });
  let signal: AbortSignal | undefined;
  const answer = c.getOrSet('k', (ctx) => ((signal = ctx.signal), new Promise<string>(() => {})), { hardTimeoutMs: 200 });
  await clock.advanceAsync(199);
  assert.equal(signal!.aborted, false);
  await clock.advanceAsync(1);
  await assert.rejects(answer, (e: unknown) => isLoadlineError(e, 'LOADLINE_TIMEOUT') && /hardTimeoutMs 200/.test(e.message));
  assert.equal(signal!.aborted, true);
  assert.equal(c.has('k'), false);
  assert.equal(await c.getOrSet('k', () => 'later'), 'later');
});

test('a background refresh is aborted when its key is deleted and never writes back', async () => {
  const clock = new FakeClock();
  const c = new LruCache<string>({ maxEntries: 10, ttlMs: 100, graceMs: 1000, clock });
  c.set('k', 'old');
  clock.advance(150);
  const gate = deferred<string>();
  let signal: AbortSignal | undefined;
  assert.equal(await c.getOrSet('k', (ctx) => ((signal = ctx.signal), gate.promise)), 'old');
  c.delete('k');
  assert.equal(signal!.aborted, true);
  gate.resolve('from before the delete');
  await flush();
  assert.equal(c.peek('k', { allowStale: true }), undefined);
});

test('getOrSet rejects a key that is not a string and a bad timeout', async () => {
  const c = new LruCache<string>({ maxEntries: 10 });
  assert.throws(() => c.getOrSet(1 as unknown as string, () => 'x'), (e: unknown) => isLoadlineError(e) && e.details.field === 'key');
  assert.throws(() => c.getOrSet('k', () => 'x', { hardTimeoutMs: -1 }), (e: unknown) => isLoadlineError(e) && e.details.field === 'hardTimeoutMs');
});
