import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError, type RunResult, type SeriesPoint } from '../../core/index.js';
import { spikeRecovery } from './SpikeRecovery.js';

/** A 1 s series: `rates[i]` offered and `p95s[i]` observed in second i+1. */
function series(rates: number[], p95s: number[], requests?: number[]): RunResult {
  const points: SeriesPoint[] = rates.map((rate, i) => {
    const n = requests?.[i] ?? rate;
    return { t: i + 1, requests: n, rps: n, errors: 0, p50: p95s[i]! / 2, p95: p95s[i]!, p99: p95s[i]! * 1.5, vus: 10, rate };
  });
  return { series: { intervalMs: 1000, points } } as unknown as RunResult;
}

const rates = [100, 100, 100, 1000, 1000, 1000, 100, 100, 100, 100, 100, 100, 100];

test('recovery time runs from the end of the spike to the first stable interval within the limit', () => {
  // The spike ends at t=6; p95 stays high for 3 more seconds, is within from the interval starting at 9.
  const p95 = [20, 20, 20, 400, 900, 1500, 1200, 600, 200, 40, 30, 30, 30];
  const r = spikeRecovery(series(rates, p95), { limitMs: 127 });
  assert.equal(r.spike.startS, 3);
  assert.equal(r.spike.endS, 6);
  assert.equal(r.spike.baseline, 100);
  assert.equal(r.spike.peak, 1000);
  assert.equal(r.recovered, true);
  assert.equal(r.recoveryMs, 3000);
  assert.equal(r.worstMs, 1500);
});

test('a blip back within the limit does not count until it is stable', () => {
  const p95 = [20, 20, 20, 400, 900, 1500, 100, 600, 40, 40, 40, 500, 30];
  assert.equal(spikeRecovery(series(rates, p95), { limitMs: 127 }).recoveryMs, 2000);
  assert.equal(spikeRecovery(series(rates, p95), { limitMs: 127, stableIntervals: 1 }).recoveryMs, 0);
});

test('a service that never comes back within the limit is reported as not recovered', () => {
  const p95 = [20, 20, 20, 400, 900, 1500, 1200, 600, 200, 400, 300, 300, 300];
  const r = spikeRecovery(series(rates, p95), { limitMs: 127 });
  assert.equal(r.recovered, false);
  assert.equal(r.recoveryMs, null);
});

test('seconds with no completed request are not within the limit', () => {
  const p95 = [20, 20, 20, 400, 900, 0, 0, 0, 40, 40, 40, 40, 40];
  const requests = [100, 100, 100, 900, 300, 0, 0, 0, 100, 100, 100, 100, 100];
  assert.equal(spikeRecovery(series(rates, p95, requests), { limitMs: 127, percentile: 99 }).recoveryMs, 2000);
});

test('a run without a spike is rejected naming what was expected', () => {
  assert.throws(() => spikeRecovery(series([100, 100, 110, 100], [1, 1, 1, 1]), { limitMs: 127 }), (e: unknown) => isLoadlineError(e) && /spike profile/.test(e.message));
  assert.throws(() => spikeRecovery(series(rates, rates), { limitMs: -1 }), (e: unknown) => isLoadlineError(e) && /limitMs/.test(e.message));
});
