import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/index.js';
import { MemoryRateStore } from './MemoryRateStore.js';
import { parseRateRule } from './RateRule.js';

test('sliding window: never more than limit in any window, and Retry-After points at the freeing grant', () => {
  const clock = new FakeClock();
  const store = new MemoryRateStore({ clock });
  const rule = parseRateRule({ limit: 3, windowMs: 1000 });
  const grants: number[] = [];
  // one request every 100 ms for 5 s
  for (let t = 0; t < 5000; t += 100) {
    const d = store.consume('t', 'k', rule, 1);
    if (d.allowed) grants.push(clock.now());
    else assert.ok(d.retryAfterMs > 0 && d.retryAfterMs <= 1000);
    clock.advance(100);
  }
  for (let i = 0; i + 3 < grants.length; i++) assert.ok(grants[i + 3]! - grants[i]! >= 1000, `4 grants within a window at ${grants[i]}`);
  assert.deepEqual(grants.slice(0, 4), [0, 100, 200, 1000]);
});

test('sliding window decision fields', () => {
  const clock = new FakeClock();
  const store = new MemoryRateStore({ clock });
  const rule = parseRateRule({ limit: 2, windowMs: 1000 });
  let d = store.consume('t', 'k', rule, 1);
  assert.deepEqual(d, { allowed: true, limit: 2, remaining: 1, resetMs: 1000, retryAfterMs: 0, source: 'store', grantedAt: 0 });
  clock.advance(300);
  d = store.consume('t', 'k', rule, 1);
  assert.equal(d.remaining, 0);
  d = store.consume('t', 'k', rule, 1);
  assert.equal(d.allowed, false);
  assert.equal(d.retryAfterMs, 700);
  assert.equal(store.consume('t', 'k', rule, 3).retryAfterMs, Infinity);
  clock.advance(700);
  assert.equal(store.consume('t', 'k', rule, 1).allowed, true);
  assert.equal(store.consume('t', 'other', rule, 2).allowed, true, 'keys are independent');
});

test('token bucket: burst then refill at limit per window', () => {
  const clock = new FakeClock();
  const store = new MemoryRateStore({ clock });
  const rule = parseRateRule({ limit: 10, windowMs: 1000, algorithm: 'token-bucket', burst: 5 });
  let allowed = 0;
  for (let i = 0; i < 20; i++) if (store.consume('t', 'k', rule, 1).allowed) allowed++;
  assert.equal(allowed, 5);
  const denied = store.consume('t', 'k', rule, 1);
  assert.equal(denied.retryAfterMs, 100);
  clock.advance(250);
  allowed = 0;
  for (let i = 0; i < 20; i++) if (store.consume('t', 'k', rule, 1).allowed) allowed++;
  assert.equal(allowed, 2);
  // over 10 s of steady pressure: at most burst + rate * t
  let total = 0;
  for (let t = 0; t < 10_000; t += 10) {
    if (store.consume('t', 'k2', rule, 1).allowed) total++;
    clock.advance(10);
  }
  assert.ok(total <= 5 + 100 && total >= 100, `got ${total}`);
});

test('idle keys are swept once the key count passes the threshold', () => {
  const clock = new FakeClock();
  const store = new MemoryRateStore({ clock, sweepAtKeys: 100 });
  const rule = parseRateRule({ limit: 1, windowMs: 1000 });
  for (let i = 0; i < 100; i++) store.consume('t', `k${i}`, rule, 1);
  assert.equal(store.size, 100);
  clock.advance(1000);
  store.consume('t', 'fresh', rule, 1);
  assert.equal(store.size, 1);
});

test('sliding window memory follows use: a huge limit is fine, and the bound holds across ring growth', () => {
  const clock = new FakeClock();
  const store = new MemoryRateStore({ clock });
  const huge = parseRateRule({ limit: 1_000_000_000, window: '1m' });
  for (let i = 0; i < 100; i++) assert.equal(store.consume('t', 'k', huge, 1).allowed, true);
  const rule = parseRateRule({ limit: 40, windowMs: 1000 });
  const grants: number[] = [];
  for (let t = 0; t < 4000; t += 7) {
    // bursts of 3 every 7 ms, with costs of 1 and 2
    for (const cost of [1, 2, 1]) {
      if (store.consume('t', 'g', rule, cost).allowed) for (let c = 0; c < cost; c++) grants.push(clock.now());
    }
    clock.advance(7);
  }
  for (let i = 0; i + 40 < grants.length; i++) assert.ok(grants[i + 40]! - grants[i]! >= 1000, `41 grants within one window from ${grants[i]}`);
  assert.ok(grants.length >= 40 * 4, `${grants.length} grants in 4 s`);
});

test('blockDuration: the first denial blocks the key past its window; then the limit applies afresh', () => {
  const clock = new FakeClock();
  const store = new MemoryRateStore({ clock });
  for (const algorithm of ['sliding-window', 'token-bucket'] as const) {
    const rule = parseRateRule({ limit: 2, window: '1s', algorithm, blockDuration: '10s' });
    const key = `k-${algorithm}`;
    assert.deepEqual([1, 2, 3].map(() => store.consume('t', key, rule, 1).allowed), [true, true, false]);
    clock.advance(2000);
    const d = store.consume('t', key, rule, 1);
    assert.deepEqual([d.allowed, d.retryAfterMs, d.remaining], [false, 8000, 0], `${algorithm}: blocked past the window, not re-blocked by a denied retry`);
    clock.advance(8000);
    assert.equal(store.consume('t', key, rule, 1).allowed, true, algorithm);
  }
});

test('refund gives back exactly the refunded grant: the sliding bound keeps counting the others from their own time', () => {
  const clock = new FakeClock();
  const store = new MemoryRateStore({ clock });
  const rule = parseRateRule({ limit: 2, window: '1s' });
  const first = store.consume('t', 'k', rule, 1); // t=0, kept
  clock.advance(100);
  const second = store.consume('t', 'k', rule, 1); // t=100, refunded below
  clock.advance(100);
  store.refund('t', 'k', rule, second, 1);
  assert.equal(store.consume('t', 'k', rule, 1).allowed, true, 'room again after the refund');
  const denied = store.consume('t', 'k', rule, 1);
  assert.equal(denied.retryAfterMs, 800, 'the kept grant still frees at t=1000');
  store.refund('t', 'k', rule, denied, 1);
  assert.equal(store.consume('t', 'k', rule, 1).allowed, false, 'a denied decision gives nothing back');
  assert.equal(first.grantedAt, 0);
  const bucket = parseRateRule({ limit: 2, window: '1s', algorithm: 'token-bucket' });
  const b = [1, 2].map(() => store.consume('t', 'b', bucket, 1));
  store.refund('t', 'b', bucket, b[0]!, 1);
  assert.equal(store.consume('t', 'b', bucket, 1).allowed, true);
  assert.equal(store.consume('t', 'b', bucket, 1).allowed, false);
});
