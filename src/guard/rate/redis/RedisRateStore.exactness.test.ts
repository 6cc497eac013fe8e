// Two real processes share the real Redis and fire concurrent bursts at one key. When this file is
// forked with LOADLINE_GUARD_WORKER set, it is the worker instead of the test.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { RateLimiter, type RateLimiterOptions } from '../RateLimiter.js';
import { RedisRateStore } from './RedisRateStore.js';
import { deletePrefix, randomPrefix, SHARED_REDIS_URL } from './redisServer.test-kit.js';

interface Job {
  prefix: string;
  rule: Pick<RateLimiterOptions, 'limit' | 'window' | 'algorithm' | 'burst'>;
  requests: number;
}

async function worker(): Promise<void> {
  const redis = new Redis(SHARED_REDIS_URL);
  await redis.ping();
  process.send!({ ready: true });
  const job = await new Promise<Job>((r) => process.once('message', (m) => r(m as Job)));
  const limiter = new RateLimiter({ ...job.rule, name: 'burst', store: new RedisRateStore({ redis, prefix: job.prefix, timeoutMs: 10_000 }) });
  const start = Date.now();
  const decisions = await Promise.all(Array.from({ length: job.requests }, () => limiter.consume('shared')));
  const end = Date.now();
  process.send!({ allowed: decisions.filter((d) => d.allowed).length, sources: [...new Set(decisions.map((d) => d.source))], start, end }, () => {
    redis.disconnect();
    process.disconnect();
  });
}

interface Report {
  allowed: number;
  sources: string[];
  start: number;
  end: number;
}

async function burst(job: Omit<Job, 'prefix'>, prefix: string): Promise<Report[]> {
  const self = fileURLToPath(import.meta.url);
  const children = [0, 1].map(() => fork(self, [], { env: { ...process.env, LOADLINE_GUARD_WORKER: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const ready = children.map((c) => new Promise((r) => c.once('message', r)));
  await Promise.all(ready);
  const reports = children.map((c) => new Promise<Report>((resolve, reject) => {
    c.once('message', (m) => resolve(m as Report));
    c.once('exit', (code) => reject(new Error(`worker exited with ${code} before reporting`)));
  }));
  for (const c of children) c.send({ ...job, prefix });
  const out = await Promise.all(reports);
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  return out;
}

if (process.env.LOADLINE_GUARD_WORKER) {
  await worker();
} else {
  const redis = new Redis(SHARED_REDIS_URL);
  const prefix = randomPrefix();
  after(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  test('sliding window across two processes: exactly `limit` of 2 x 300 concurrent requests pass within one window', async () => {
    const reports = await burst({ rule: { limit: 50, window: '1m' }, requests: 300 }, `${prefix}sw:`);
    assert.deepEqual(reports.flatMap((r) => r.sources).sort(), ['store', 'store']);
    assert.equal(reports[0]!.allowed + reports[1]!.allowed, 50);
  });

  test('token bucket across two processes: never more than burst + rate x elapsed', async () => {
    const reports = await burst({ rule: { limit: 50, window: '1m', algorithm: 'token-bucket', burst: 40 }, requests: 300 }, `${prefix}tb:`);
    const elapsedMs = Math.max(...reports.map((r) => r.end)) - Math.min(...reports.map((r) => r.start));
    const bound = 40 + (50 * elapsedMs) / 60_000;
    const allowed = reports[0]!.allowed + reports[1]!.allowed;
    assert.ok(allowed >= 40 && allowed <= Math.floor(bound), `allowed ${allowed}, bound ${bound}`);
  });
}
