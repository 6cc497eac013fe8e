// LruCache vs lru-cache (and mnemonist for gets) on the workload: 1 M distinct sets into a
// 100 k cache, then 5 M gets at 90 % hits; count-bounded and byte-bounded.
// Run: npm run build && node --expose-gc bench/cache-lru.bench.mjs
import { LRUCache } from 'lru-cache';
import { LRUCache as MnemonistLru } from 'mnemonist';
import { LruCache } from '../dist/cache/index.js';
import { compare } from './lib/compare.mjs';

const CAPACITY = 100_000;
const SETS = 1_000_000;
const GETS = 5_000_000;
const keys = Array.from({ length: SETS }, (_, i) => `key:${i}`);
const values = Array.from({ length: 1000 }, (_, i) => `value-${i}-${'x'.repeat(i % 40)}`);
// 90 % of gets hit the 100 k keys still held after the sets, 10 % miss (evicted keys).
const getKeys = new Array(1_000_000);
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
for (let i = 0; i < getKeys.length; i++) {
  getKeys[i] = rnd() < 0.9 ? keys[SETS - CAPACITY + Math.floor(rnd() * CAPACITY)] : keys[Math.floor(rnd() * (SETS - CAPACITY))];
}
const size = (v) => v.length;
const MAX_BYTES = CAPACITY * 30;

const makers = {
  count: {
    loadline: () => new LruCache({ maxEntries: CAPACITY }),
    'lru-cache': () => new LRUCache({ max: CAPACITY }),
    mnemonist: () => new MnemonistLru(CAPACITY),
  },
  bytes: {
    loadline: () => new LruCache({ maxBytes: MAX_BYTES, sizeOf: size }),
    'lru-cache': () => new LRUCache({ maxSize: MAX_BYTES, sizeCalculation: size }),
  },
};

function fill(cache) {
  const start = performance.now();
  for (let i = 0; i < SETS; i++) cache.set(keys[i], values[i % 1000]);
  return (SETS * 1000) / (performance.now() - start);
}

function gets(cache) {
  let found = 0;
  const start = performance.now();
  for (let r = 0; r < GETS / getKeys.length; r++) {
    for (let i = 0; i < getKeys.length; i++) if (cache.get(getKeys[i]) !== undefined) found++;
  }
  const rate = (GETS * 1000) / (performance.now() - start);
  if (found < GETS * 0.5) throw new Error(`hit rate too low: ${found}`);
  return rate;
}

for (const [bound, impls] of Object.entries(makers)) {
  const setters = Object.entries(impls).filter(([name]) => name !== 'mnemonist');
  await compare({ title: `LRU sets, ${bound}-bounded (1 M distinct keys into 100 k)`, contenders: setters.map(([name, make]) => ({ name, run: () => fill(make()) })) });
  const filled = Object.fromEntries(Object.entries(impls).map(([name, make]) => { const c = make(); fill(c); return [name, c]; }));
  await compare({ title: `LRU gets, ${bound}-bounded (5 M gets, 90 % hits)`, contenders: Object.keys(impls).map((name) => ({ name, run: () => gets(filled[name]) })) });
}
