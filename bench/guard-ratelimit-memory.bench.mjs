// Memory rate limiter: loadline (exact sliding window, token bucket) vs rate-limiter-flexible's
// RateLimiterMemory (fixed window). Every decision is an allowed one (limits far above the load),
// awaited in batches of 1000, 64 keys in rotation.
// Run: npm run build && node --expose-gc bench/guard-ratelimit-memory.bench.mjs
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { compare } from './lib/compare.mjs';
import { RateLimiter } from '../dist/guard/index.js';

const KEYS = Array.from({ length: 64 }, (_, i) => `client-${i}`);

async function batchedOpsPerSecond(fn, ms = 300) {
  const batch = new Array(1000);
  let n = 0;
  let allowed = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 1000; i++) batch[i] = fn(KEYS[i & 63]);
    for (const d of await Promise.all(batch)) if (d.allowed !== false) allowed++;
    n += 1000;
  }
  if (allowed !== n) throw new Error(`expected only allowed decisions, got ${n - allowed} denied`);
  return (n * 1000) / (performance.now() - start);
}

const sliding = new RateLimiter({ limit: 200_000, window: '1s' });
const bucket = new RateLimiter({ limit: 1_000_000_000, window: '1m', algorithm: 'token-bucket' });
const rlf = new RateLimiterMemory({ points: 1_000_000_000, duration: 60 });

await compare({
  title: 'memory rate limiter: allowed decisions per second',
  contenders: [
    { name: 'loadline sliding window (exact)', run: () => batchedOpsPerSecond((k) => sliding.consume(k)) },
    { name: 'loadline token bucket', run: () => batchedOpsPerSecond((k) => bucket.consume(k)) },
    { name: 'rate-limiter-flexible Memory', run: () => batchedOpsPerSecond((k) => rlf.consume(k)) },
  ],
  repeats: 7,
});
