import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError, type RunResult, type SeriesPoint } from '../../core/index.js';
import { soakDegradation } from './SoakDegradation.js';

/** A 100 s soak at 1 s intervals whose throughput falls and p95 climbs linearly. */
function soak(rps: (t: number) => number, p95: (t: number) => number, rss?: (t: number) => number): RunResult {
  const points: SeriesPoint[] = [];
  for (let t = 1; t <= 100; t++) points.push({ t, requests: rps(t), rps: rps(t), errors: 0, p50: p95(t) / 2, p95: p95(t), p99: p95(t) * 2, vus: 10 });
  const server = rss ? { source: 'test', points: points.map((p) => ({ t: p.t, rssBytes: rss(p.t) })) } : undefined;
  return { series: { intervalMs: 1000, points }, ...(server ? { server } : {}) } as unknown as RunResult;
}

test('a steady run shows no degradation', () => {
  const d = soakDegradation(soak(() => 500, () => 40));
  assert.equal(d.windowMs, 10_000);
  assert.equal(d.throughputDropPercent, 0);
  assert.equal(d.p95IncreasePercent, 0);
  assert.equal(d.memoryGrowthPercent, undefined);
});

test('first and last windows: throughput drop, p95 increase and memory growth in %', () => {
  // First 10 s: 500 rps, p95 40 ms, 100 MB; last 10 s: 400 rps, p95 60 ms, 150 MB.
  const d = soakDegradation(
    soak((t) => (t <= 10 ? 500 : t > 90 ? 400 : 450), (t) => (t <= 10 ? 40 : t > 90 ? 60 : 50), (t) => (t <= 10 ? 100e6 : t > 90 ? 150e6 : 120e6)),
  );
  assert.equal(d.first.rps, 500);
  assert.equal(d.last.rps, 400);
  assert.equal(d.throughputDropPercent, 20);
  assert.equal(d.p95IncreasePercent, 50);
  assert.equal(d.memoryGrowthPercent, 50);
});

test('explicit memory readings and window length are used', () => {
  const d = soakDegradation(soak(() => 100, () => 10), { windowMs: 20_000, memory: [{ t: 0, rssBytes: 200e6 }, { t: 50, rssBytes: 210e6 }, { t: 100, rssBytes: 220e6 }] });
  assert.equal(d.windowMs, 20_000);
  assert.equal(d.first.toS, 20);
  assert.equal(d.last.fromS, 80);
  assert.equal(d.memoryGrowthPercent, 10);
});

test('a window longer than half the run is rejected naming windowMs', () => {
  assert.throws(() => soakDegradation(soak(() => 1, () => 1), { windowMs: 60_000 }), (e: unknown) => isLoadlineError(e) && /windowMs/.test(e.message));
});
