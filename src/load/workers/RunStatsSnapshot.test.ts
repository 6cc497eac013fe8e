import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram } from '../../core/index.js';
import { RunStats } from '../stats/RunStats.js';
import { mergeRunStats, snapshotRunStats } from './RunStatsSnapshot.js';

const timings = { blocked: 0.5, connect: 1, tls: 0, ttfb: 2, receive: 0.25 };

test('worker snapshots merge exactly: p99 and every percentile equal those of one histogram of every sample; counters add', () => {
  const workers = [new RunStats(), new RunStats(), new RunStats()];
  const all = new Histogram();
  const allLogin = new Histogram();
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (const [w, stats] of workers.entries()) {
    const login = stats.addEndpoint('login', 'POST');
    const other = stats.addEndpoint(w === 2 ? 'only-in-2' : 'items', 'GET');
    for (let i = 0; i < 5000; i++) {
      // Each worker has its own latency profile, so averaging percentiles would be visibly wrong.
      const us = Math.round(200 + next() * 1000 * (w + 1) ** 3);
      const endpoint = i % 3 === 0 ? login : other;
      if (i % 97 === 0) stats.recordTransportError(endpoint, us, 'reset', undefined);
      else stats.recordResponse(endpoint, us, i % 50 === 0 ? 503 : 200, 100, timings);
      all.record(us);
      if (endpoint === login) allLogin.record(us);
    }
    stats.recordIteration(false);
    stats.recordDropped();
    stats.recordCheck(login, w !== 1);
  }
  const merged = mergeRunStats(workers.map(snapshotRunStats));
  try {
    for (const p of [50, 90, 95, 99, 99.9]) assert.equal(merged.total.latency.percentile(p), all.percentile(p), `p${p}`);
    assert.equal(merged.total.latency.count, all.count);
    // The max after an encode is the bucket's highest equivalent value, as in a one-process result file.
    const single = Histogram.decode(all.encode());
    assert.equal(merged.total.latency.max, single.max);
    single.destroy();
    const login = merged.endpoints.find((e) => e.name === 'login')!;
    assert.equal(login.latency.percentile(99), allLogin.percentile(99));
    assert.deepEqual(merged.endpoints.map((e) => e.name), ['login', 'items', 'only-in-2']);
    assert.equal(merged.total.requests, 15_000);
    assert.equal(merged.total.requests, workers.reduce((a, w) => a + w.total.requests, 0));
    assert.equal(merged.total.failed, workers.reduce((a, w) => a + w.total.failed, 0));
    assert.deepEqual(merged.total.statusCodes(), { 200: workers.reduce((a, w) => a + w.total.statusCounts[200]!, 0), 503: workers.reduce((a, w) => a + w.total.statusCounts[503]!, 0) });
    assert.equal(merged.total.errors, workers.reduce((a, w) => a + w.total.errors, 0));
    assert.equal(merged.byStatus.get(503)!.count, workers.reduce((a, w) => a + w.byStatus.get(503)!.count, 0));
    assert.equal(merged.byStatus.get(0)!.count, workers.reduce((a, w) => a + w.byStatus.get(0)!.count, 0));
    assert.deepEqual(merged.total.timings(), workers[0]!.total.timings());
    assert.equal(merged.iterations, 3);
    assert.equal(merged.dropped, 3);
    assert.deepEqual([merged.checkPasses, merged.checkFails], [2, 1]);
  } finally {
    merged.destroy();
    all.destroy();
    allLogin.destroy();
    for (const w of workers) w.destroy();
  }
});
