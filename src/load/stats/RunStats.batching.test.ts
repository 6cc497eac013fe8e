import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparseHistogram } from '../../core/index.js';
import { RunStats } from './RunStats.js';

const timings = { blocked: 0, connect: 0, tls: 0, ttfb: 1, receive: 0 };

/** Deterministic latencies in µs, 30 µs .. ~3 s, with fractions. */
function latency(i: number): number {
  const x = Math.imul(i + 1, 2654435761) >>> 0;
  return 30 + (x % 1000) * 10 ** (x % 4) + (x & 7) / 8;
}

test('batched latency reads exactly as direct recording: total, endpoints, statuses, interval series, across interval closes', () => {
  const stats = new RunStats();
  const eps = [stats.addEndpoint('a'), stats.addEndpoint('b')];
  const direct = { total: new SparseHistogram(), a: new SparseHistogram(), b: new SparseHistogram(), interval: new SparseHistogram() };
  const byStatus = new Map<number, SparseHistogram>();
  const statuses = [200, 200, 200, 404, 503, 0];
  const expectedSeries: number[][] = [];
  for (let i = 0; i < 30_000; i++) {
    const us = latency(i);
    const ep = eps[i % 2]!;
    const status = statuses[i % statuses.length]!;
    if (status === 0) stats.recordTransportError(ep, us, 'reset', undefined);
    else stats.recordResponse(ep, us, status, 10, timings);
    for (const h of [direct.total, ep === 0 ? direct.a : direct.b, direct.interval]) h.record(us);
    if (!byStatus.has(status)) byStatus.set(status, new SparseHistogram());
    byStatus.get(status)!.record(us);
    if (i % 7_000 === 6_999) {
      // Reads in the middle of the run see everything recorded so far.
      assert.equal(stats.currentInterval().p95, Math.round(direct.interval.percentile(95)) / 1000);
      assert.equal(stats.total.latency.count, i + 1);
      const point = stats.closeInterval(i / 1000, 1000, 1);
      expectedSeries.push([direct.interval.percentile(50), direct.interval.percentile(99)]);
      assert.equal(point.requests, 7_000);
      direct.interval.reset();
    }
  }
  assert.equal(stats.encodeInterval(), direct.interval.encode());
  assert.equal(stats.total.latency.encode(), direct.total.encode());
  assert.equal(stats.endpoints[0]!.latency.encode(), direct.a.encode());
  assert.equal(stats.endpoints[1]!.latency.encode(), direct.b.encode());
  assert.deepEqual(stats.total.latency.summaryMs(), direct.total.summaryMs());
  assert.deepEqual([...stats.byStatus.keys()].sort(), [...byStatus.keys()].sort());
  for (const [status, h] of byStatus) assert.equal(stats.byStatus.get(status)!.encode(), h.encode(), `status ${status}`);
  assert.deepEqual(stats.series.map((p) => [p.p50, p.p99]), expectedSeries.map(([p50, p99]) => [Math.round(p50!) / 1000, Math.round(p99!) / 1000]));
  assert.equal(stats.total.requests, 30_000);
  assert.equal(stats.total.errorsByKind.reduce((a, b) => a + b, 0), 15_000); // 404, 503, reset: half of all
});
