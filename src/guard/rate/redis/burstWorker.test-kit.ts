// Forked by RedisRateStore.burst.test.ts: one process of a burst. It connects, says ready, waits
// for the go (so all processes fire together), fires `requests` concurrent decisions at one key and
// reports what it was granted, by decision source.
import { Redis } from 'ioredis';
import { RateLimiter, type RateLimiterOptions } from '../RateLimiter.js';
import { RedisRateStore } from './RedisRateStore.js';

export interface BurstJob {
  url: string;
  prefix: string;
  rule: Pick<RateLimiterOptions, 'limit' | 'window' | 'algorithm' | 'burst'>;
  requests: number;
  /** Store timeoutMs; omitted: the store's default. */
  timeoutMs?: number;
  /** Distinct keys the requests are spread over (round robin); default 1 ("shared"). */
  keys?: number;
}

export interface BurstReport {
  allowed: number;
  sources: Record<string, number>;
  start: number;
  end: number;
}

const job = JSON.parse(process.env.LOADLINE_BURST_JOB!) as BurstJob;
const redis = new Redis(job.url);
await redis.ping();
const store = new RedisRateStore({ redis, prefix: job.prefix, ...(job.timeoutMs === undefined ? {} : { timeoutMs: job.timeoutMs }) });
const limiter = new RateLimiter({ ...job.rule, name: 'burst', store });
process.send!('ready');
await new Promise((r) => process.once('message', r));
const start = Date.now();
const keys = job.keys ?? 1;
const decisions = await Promise.all(Array.from({ length: job.requests }, (_, i) => limiter.consume(keys === 1 ? 'shared' : `k${i % keys}`)));
const end = Date.now();
// Late Redis replies (and the refunds they cause) finish before the test reads Redis.
await (store as { drain?: () => Promise<void> }).drain?.();
const sources: Record<string, number> = {};
for (const d of decisions) sources[d.source] = (sources[d.source] ?? 0) + 1;
const report: BurstReport = { allowed: decisions.filter((d) => d.allowed).length, sources, start, end };
process.send!(report, () => {
  redis.disconnect();
  process.disconnect();
});
