import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/index.js';
import { MemoryRateStore } from './MemoryRateStore.js';
import { RateLimiter } from './RateLimiter.js';

test('limiters sharing a store are independent by name; decisions are counted by outcome', async () => {
  const store = new MemoryRateStore({ clock: new FakeClock() });
  const counted: string[] = [];
  const metrics = {
    counter: () => ({ inc: (_v?: number, l?: Record<string, string>) => void counted.push(`${l?.limiter}:${l?.outcome}`) }),
    gauge: () => ({ set() {}, inc() {}, dec() {} }),
    histogram: () => ({ observe() {} }),
  };
  const a = new RateLimiter({ name: 'a', limit: 1, window: '1m', store, metrics });
  const b = new RateLimiter({ name: 'b', limit: 1, window: '1m', store, metrics });
  assert.equal((await a.consume('k')).allowed, true);
  assert.equal((await a.consume('k')).allowed, false);
  assert.equal((await b.consume('k')).allowed, true);
  assert.deepEqual(counted, ['a:allowed', 'a:limited', 'b:allowed']);
  await a.reset('k');
  assert.equal((await a.consume('k')).allowed, true);
});

test('cost takes several units at once and is validated', async () => {
  const limiter = new RateLimiter({ limit: 5, window: '1s' });
  assert.equal((await limiter.consume('k', 3)).remaining, 2);
  assert.equal((await limiter.consume('k', 3)).allowed, false);
  assert.equal((await limiter.consume('k', 2)).remaining, 0);
  assert.throws(() => limiter.consume('k', 0), /cost: got 0, expected an integer at least 1/);
  assert.throws(() => new RateLimiter({ limit: 5, window: '1s', store: {} as never }), /store/);
});
