// Redis rate limiter with 100 decisions in flight: loadline's one-Lua-script decision (exact
// sliding window, token bucket) vs rate-limiter-flexible's RateLimiterRedis and a raw ioredis INCR
// (the floor: one command per decision). The sliding window runs with the Redis server clock
// (default: one clock for all processes, a TIME call per decision) and with the client clock. Then, with Redis down, each limiter's answer.
// Uses REDIS_URL (default redis://127.0.0.1:6379) and a random key prefix, deleted at the end.
// Run: npm run build && node --expose-gc bench/guard-ratelimit-redis.bench.mjs
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { compare } from './lib/compare.mjs';
import { RateLimiter, RedisRateStore } from '../dist/guard/index.js';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `loadline:bench:guard:${randomBytes(6).toString('hex')}:`;
const KEYS = Array.from({ length: 64 }, (_, i) => `client-${i}`);
const clients = [];
const client = () => {
  const c = new Redis(url);
  clients.push(c);
  return c;
};

async function inFlightOpsPerSecond(fn, ms = 400, inFlight = 100) {
  let n = 0;
  const start = performance.now();
  const lane = async (lane) => {
    for (let i = lane; performance.now() - start < ms; i += inFlight) {
      await fn(KEYS[i & 63]);
      n++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, (_, i) => lane(i)));
  return (n * 1000) / (performance.now() - start);
}

const sliding = new RateLimiter({ limit: 1_000_000, window: '1s', name: 'sw', store: new RedisRateStore({ redis: client(), prefix, timeoutMs: 2000 }) });
const slidingClientTime = new RateLimiter({ limit: 1_000_000, window: '1s', name: 'swc', store: new RedisRateStore({ redis: client(), prefix, timeoutMs: 2000, timeSource: 'client' }) });
const bucket = new RateLimiter({ limit: 1_000_000_000, window: '1m', algorithm: 'token-bucket', name: 'tb', store: new RedisRateStore({ redis: client(), prefix, timeoutMs: 2000 }) });
const rlf = new RateLimiterRedis({ storeClient: client(), points: 1_000_000_000, duration: 60, keyPrefix: `${prefix}rlf` });
const raw = client();
const check = (d) => {
  if (!d.allowed || d.source !== 'store') throw new Error(`unexpected decision ${JSON.stringify(d)}`);
};

await compare({
  title: 'Redis rate limiter, 100 in flight: decisions per second',
  contenders: [
    { name: 'loadline Redis sliding window', run: () => inFlightOpsPerSecond((k) => sliding.consume(k).then(check)) },
    { name: 'loadline sliding, client time', run: () => inFlightOpsPerSecond((k) => slidingClientTime.consume(k).then(check)) },
    { name: 'loadline Redis token bucket', run: () => inFlightOpsPerSecond((k) => bucket.consume(k).then(check)) },
    { name: 'rate-limiter-flexible Redis', run: () => inFlightOpsPerSecond((k) => rlf.consume(k)) },
    { name: 'raw ioredis INCR', run: () => inFlightOpsPerSecond((k) => raw.incr(`${prefix}incr:${k}`)) },
  ],
  repeats: 5,
});

// Redis down: a client to a closed port, no offline queue.
const down = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
down.on('error', () => {});
const downLoadline = new RateLimiter({ limit: 10, window: '1m', store: new RedisRateStore({ redis: down, timeoutMs: 100 }) });
const downRlf = new RateLimiterRedis({ storeClient: down, points: 10, duration: 60 });
const d = await downLoadline.consume('x');
console.log(`\nRedis down: loadline -> decision { allowed: ${d.allowed}, source: "${d.source}" }`);
try {
  await downRlf.consume('x');
  console.log('Redis down: rate-limiter-flexible -> resolved');
} catch (e) {
  console.log(`Redis down: rate-limiter-flexible -> rejects with ${e?.constructor?.name}${e?.code ? ` code ${e.code}` : ' (no code)'}: ${String(e?.message).slice(0, 60)}`);
}
down.disconnect();

let cursor = '0';
do {
  const [next, keys] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
  if (keys.length) await raw.del(...keys);
  cursor = next;
} while (cursor !== '0');
for (const c of clients) c.disconnect();
