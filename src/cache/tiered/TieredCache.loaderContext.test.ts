import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, isLoadlineError } from '../../core/index.js';
import { TieredCache } from './TieredCache.js';
import { connect, dropPrefix, testPrefix } from './redis.test-kit.js';

for (const l1 of [{ maxEntries: 100 }, false] as const) {
  const mode = l1 === false ? 'Redis only' : 'memory + Redis';
  test(`${mode}: ctx.setTtl sets the Redis TTL (and bounds the memory one), ctx.skip() stores nowhere`, async (t) => {
    const redis = connect();
    const prefix = testPrefix();
    const clock = new FakeClock();
    const cache = new TieredCache<string>({ redis, prefix, ttlMs: 60_000, l1, subscriber: false, clock });
    t.after(async () => {
      await dropPrefix(redis, prefix);
      await cache.close();
      redis.disconnect();
    });
    assert.equal(await cache.getOrSet('short', (ctx) => (ctx.setTtl(5000), 'v')), 'v');
    const pttl = await redis.pttl(`${prefix}short`);
    assert.ok(pttl > 4000 && pttl <= 5000, String(pttl));
    assert.equal(await cache.getOrSet('long', () => 'v'), 'v');
    assert.ok((await redis.pttl(`${prefix}long`)) > 59_000);
    let loads = 0;
    const missing = async (ctx: { skip(): void }) => {
      loads++;
      ctx.skip();
      return 'not found';
    };
    assert.equal(await cache.getOrSet('user:9', missing), 'not found');
    assert.equal(await redis.exists(`${prefix}user:9`), 0);
    assert.equal(await cache.getOrSet('user:9', missing), 'not found');
    assert.equal(loads, 2);
    if (l1 !== false) {
      // The memory copy of 'short' lives no longer than its Redis TTL.
      await redis.del(`${prefix}short`);
      clock.advance(5001);
      assert.equal(await cache.getOrSet('short', () => 'reloaded'), 'reloaded');
    }
  });

  test(`${mode}: hardTimeoutMs fails a load that does not finish`, async (t) => {
    const redis = connect();
    const prefix = testPrefix();
    const clock = new FakeClock();
    const cache = new TieredCache<string>({ redis, prefix, l1, subscriber: false, clock });
    t.after(async () => {
      await dropPrefix(redis, prefix);
      await cache.close();
      redis.disconnect();
    });
    let signal: AbortSignal | undefined;
    let entered!: () => void;
    const started = new Promise<void>((r) => (entered = r));
    const answer = cache.getOrSet('slow', (ctx) => ((signal = ctx.signal), entered(), new Promise<string>(() => {})), { hardTimeoutMs: 200 });
    await started;
    clock.advance(200);
    await assert.rejects(answer, (e: unknown) => isLoadlineError(e, 'LOADLINE_TIMEOUT'));
    assert.equal(signal!.aborted, true);
    assert.equal(await redis.exists(`${prefix}slow`), 0);
  });
}
