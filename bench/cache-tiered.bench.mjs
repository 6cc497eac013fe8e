// TieredCache Redis hit with L1 off, 100 calls in flight: vs bentocache Redis-only get and a raw
// ioredis GET, all against the same Redis (REDIS_URL, default 127.0.0.1:6379).
// Run: npm run build && node --expose-gc bench/cache-tiered.bench.mjs
import { Redis } from 'ioredis';
import { BentoCache, bentostore } from 'bentocache';
import { redisDriver } from 'bentocache/drivers/redis';
import { TieredCache } from '../dist/cache/index.js';
import { compare } from './lib/compare.mjs';

const URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `loadline-bench:${process.pid}:`;
const IN_FLIGHT = 100;
const MS = 800;
const KEYS = Array.from({ length: 1000 }, (_, i) => `item:${i}`);
const VALUE = { id: 1, name: 'a cached row', tags: ['x', 'y'], score: 0.5 };

const redisOurs = new Redis(URL);
const redisRaw = new Redis(URL);
const redisBento = new Redis(URL);
const ours = new TieredCache({ redis: redisOurs, prefix: PREFIX, l1: false, ttlMs: 600_000 });
const bento = new BentoCache({ default: 'redis', stores: { redis: bentostore().useL2Layer(redisDriver({ connection: redisBento, prefix: `${PREFIX}bento` })) } });
await ours.mset(KEYS.map((k) => [k, VALUE]));
for (const k of KEYS) await bento.set({ key: k, value: VALUE, ttl: '10m' });

/** IN_FLIGHT loops, each awaiting `call(key)` back to back for about MS ms; returns calls per second. */
async function measure(call) {
  let n = 0;
  const start = performance.now();
  const end = start + MS;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async (_, w) => {
      let i = w;
      while (performance.now() < end) {
        const v = await call(KEYS[i % KEYS.length]);
        if (v === undefined || v === null) throw new Error('miss in a hit benchmark');
        i += IN_FLIGHT;
        n++;
      }
    }),
  );
  return (n * 1000) / (performance.now() - start);
}

await compare({
  title: `Redis hit, L1 off, ${IN_FLIGHT} in flight`,
  contenders: [
    { name: 'loadline TieredCache.get', run: () => measure((k) => ours.get(k)) },
    { name: 'bentocache Redis-only get', run: () => measure((k) => bento.get({ key: k })) },
    { name: 'raw ioredis GET + JSON.parse', run: () => measure(async (k) => JSON.parse(await redisRaw.get(PREFIX + k))) },
  ],
});

await ours.invalidatePattern('*');
await bento.clear();
await bento.disconnect().catch(() => {});
for (const r of [redisOurs, redisRaw, redisBento]) r.disconnect();
