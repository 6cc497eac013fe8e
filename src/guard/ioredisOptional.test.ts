import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { runWithoutPeer } from '../core/errors/withoutPeer.test-kit.js';

const dist = fileURLToPath(new URL('../', import.meta.url));

// A service that installed loadline without the optional peer ioredis: the guard loads, limits in
// memory, and a RedisRateStore over a client the service brought (here a closed one, so the store
// decides from its insurance) needs nothing from ioredis.
const script = `
const out = {};
const guard = await import('./dist/guard/index.js');
out.names = Object.keys(guard).length;
const limiter = new guard.RateLimiter({ limit: 1, window: '1m' });
out.memory = [(await limiter.consume('a')).allowed, (await limiter.consume('a')).allowed];
const closed = { status: 'end', evalsha: async () => { throw new Error('closed'); }, eval: async () => { throw new Error('closed'); }, on() {} };
const store = new guard.RedisRateStore({ redis: closed, onError: () => {} });
const viaRedis = new guard.RateLimiter({ limit: 1, window: '1m', store });
out.redisStore = (await viaRedis.consume('a')).source;
console.log(JSON.stringify(out));
`;

test('without ioredis installed, loadline/guard loads, limits in memory, and a RedisRateStore over a client it is given works', (t) => {
  const out = runWithoutPeer(t, { peer: 'ioredis', pillars: ['guard'], script }) as { names: number; memory: boolean[]; redisStore: string };
  assert.ok(out.names >= 34, `public names: ${out.names}`);
  assert.deepEqual(out.memory, [true, false]);
  assert.equal(out.redisStore, 'insurance');
});

test("loadline/guard's published code and types import nothing from ioredis (a TypeScript user without it type-checks too)", () => {
  const guard = join(dist, 'guard');
  const importers = (readdirSync(guard, { recursive: true }) as string[])
    .filter((file) => /\.(js|d\.ts)$/.test(file) && !/\.test(-kit)?\./.test(file))
    .filter((file) => /(from|import)\s*\(?\s*['"]ioredis['"]/.test(readFileSync(join(guard, file), 'utf8')));
  assert.deepEqual(importers, []);
});
