// Bursts across real processes sharing the real Redis, with the store's default timeout: the
// bound ("never more than limit across all processes") holds while Redis is up, however many
// decisions arrive at once, and Redis counts only the grants that were made.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { deletePrefix, randomPrefix, SHARED_REDIS_URL, startThrottledProxy } from './redisServer.test-kit.js';
import type { BurstJob, BurstReport } from './burstWorker.test-kit.js';

const WORKER = fileURLToPath(new URL('./burstWorker.test-kit.js', import.meta.url));
const redis = new Redis(SHARED_REDIS_URL);
const prefix = randomPrefix();
after(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

/** Forks `processes` workers, fires them together, returns their reports; kills them all on any failure. */
async function burst(processes: number, job: BurstJob): Promise<BurstReport[]> {
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < processes; i++) {
      children.push(fork(WORKER, [], { env: { ...process.env, LOADLINE_BURST_JOB: JSON.stringify(job) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    }
    // A worker exits 0 only after sending its report (whose IPC message may be read after the exit event), so only a failure counts.
    const exited = (c: ChildProcess) => new Promise<never>((_, reject) => c.once('exit', (code, signal) => { if (code !== 0) reject(new Error(`worker exited with ${code ?? signal} before reporting`)); }));
    await Promise.race([Promise.all(children.map((c) => new Promise((r) => c.once('message', r)))), ...children.map(exited)]);
    const reports = children.map((c) => new Promise<BurstReport>((r) => c.once('message', (m) => r(m as BurstReport))));
    for (const c of children) c.send('go');
    return await Promise.race([Promise.all(reports), ...children.map(exited)]);
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null && c.pid !== undefined) c.kill('SIGKILL');
  }
}

test('sliding window, 2 processes x 1000 concurrent, default timeoutMs: at most limit granted, all by Redis, and Redis holds exactly the grants', async () => {
  const jobPrefix = `${prefix}sw:`;
  const reports = await burst(2, { url: SHARED_REDIS_URL, prefix: jobPrefix, rule: { limit: 50, window: '1m' }, requests: 1000 });
  const allowed = reports.reduce((s, r) => s + r.allowed, 0);
  const sources = reports.map((r) => r.sources);
  assert.ok(allowed <= 50, `granted ${allowed} of 2000 against a limit of 50 (sources ${JSON.stringify(sources)})`);
  assert.ok(allowed > 0, 'Redis granted some');
  assert.ok(reports.every((r) => r.sources.insurance === undefined), `no insurance grants while Redis is up: ${JSON.stringify(sources)}`);
  assert.equal(await redis.llen(`${jobPrefix}sw:burst:shared`), allowed, 'Redis counts exactly the grants made');
});

test('token bucket, 2 processes x 1000 concurrent, default timeoutMs: never more than burst + rate x elapsed', async () => {
  const reports = await burst(2, { url: SHARED_REDIS_URL, prefix: `${prefix}tb:`, rule: { limit: 50, window: '1m', algorithm: 'token-bucket', burst: 40 }, requests: 1000 });
  const elapsedMs = Math.max(...reports.map((r) => r.end)) - Math.min(...reports.map((r) => r.start));
  const bound = Math.floor(40 + (50 * elapsedMs) / 60_000);
  const allowed = reports.reduce((s, r) => s + r.allowed, 0);
  assert.ok(allowed > 0 && allowed <= bound, `granted ${allowed}, bound ${bound} (sources ${JSON.stringify(reports.map((r) => r.sources))})`);
});

test('a Redis that answers slower than timeoutMs but keeps answering (replies at 100 KB/s): no decision grants outside Redis, Redis holds exactly the grants', async (t) => {
  const proxy = await startThrottledProxy(SHARED_REDIS_URL, 100_000);
  t.after(() => proxy.close());
  const jobPrefix = `${prefix}slow:`;
  const reports = await burst(2, { url: proxy.url, prefix: jobPrefix, rule: { limit: 50, window: '1m' }, requests: 1000 });
  const allowed = reports.reduce((s, r) => s + r.allowed, 0);
  const sources = reports.map((r) => r.sources);
  assert.ok(allowed <= 50, `granted ${allowed} of 2000 against a limit of 50 (sources ${JSON.stringify(sources)})`);
  assert.ok(reports.every((r) => r.sources.insurance === undefined), `no insurance grants while Redis answers: ${JSON.stringify(sources)}`);
  assert.equal(await redis.llen(`${jobPrefix}sw:burst:shared`), allowed, 'Redis counts exactly the grants made');
});

test('1000 keys at once through the slow link: late decisions are denied (source "timeout"), never insured, and the grants Redis made for them are given back', async (t) => {
  const proxy = await startThrottledProxy(SHARED_REDIS_URL, 100_000);
  t.after(() => proxy.close());
  const jobPrefix = `${prefix}keys:`;
  const reports = await burst(2, { url: proxy.url, prefix: jobPrefix, rule: { limit: 50, window: '1m' }, requests: 1000, keys: 1000 });
  const allowed = reports.reduce((s, r) => s + r.allowed, 0);
  const timedOut = reports.reduce((s, r) => s + (r.sources.timeout ?? 0), 0);
  assert.ok(reports.every((r) => r.sources.insurance === undefined), `no insurance grants while Redis answers: ${JSON.stringify(reports.map((r) => r.sources))}`);
  assert.ok(timedOut > 0, 'the link is slow enough for some decisions to time out');
  let counted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${jobPrefix}*`, 'COUNT', 1000);
    for (const key of keys) counted += await redis.llen(key);
    cursor = next;
  } while (cursor !== '0');
  assert.equal(counted, allowed, `Redis holds ${counted} grants for ${allowed} granted (${timedOut} timed out)`);
});
