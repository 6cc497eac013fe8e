// getOrSet hit path: LruCache.getOrSet vs lru-cache fetch (hit) vs bentocache memory-only getOrSet.
// Run: npm run build && node --expose-gc bench/cache-getorset.bench.mjs
import { LRUCache } from 'lru-cache';
import { BentoCache, bentostore } from 'bentocache';
import { memoryDriver } from 'bentocache/drivers/memory';
import { LruCache } from '../dist/cache/index.js';
import { compare } from './lib/compare.mjs';

const KEYS = Array.from({ length: 1000 }, (_, i) => `user:${i}`);
const MS = 400;

const ours = new LruCache({ maxEntries: 10_000 });
const loader = ({ key }) => ({ key });
const lru = new LRUCache({ max: 10_000, fetchMethod: async (key) => ({ key }) });
const bento = new BentoCache({ default: 'mem', stores: { mem: bentostore().useL1Layer(memoryDriver({ maxItems: 10_000 })) } });
const factory = () => ({ v: 1 });
for (const k of KEYS) {
  await ours.getOrSet(k, loader);
  await lru.fetch(k);
  await bento.getOrSet({ key: k, factory, ttl: '1h' });
}

/** Awaits `call(key)` in a loop for about MS ms; returns calls per second. */
async function measure(call) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < MS) {
    for (let i = 0; i < 1000; i++) await call(KEYS[i]);
    n += 1000;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

await compare({
  title: 'getOrSet hit (awaited, 1000 hot keys)',
  contenders: [
    { name: 'loadline LruCache.getOrSet', run: () => measure((k) => ours.getOrSet(k, loader)) },
    { name: 'lru-cache fetch', run: () => measure((k) => lru.fetch(k)) },
    { name: 'bentocache memory getOrSet', run: () => measure((k) => bento.getOrSet({ key: k, factory, ttl: '1h' })) },
  ],
});
await bento.disconnect();
