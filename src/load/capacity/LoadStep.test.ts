import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CapacityStep } from '../../core/index.js';
import type { RunResult } from '../../core/index.js';
import { breakReason, failsHard, stepFromResult, type FindStep } from './LoadStep.js';

const step = (offered: number, achievedRps: number, errorRate = 0): CapacityStep => ({ offered, achievedRps, avgMs: 1, p95Ms: 2, p99Ms: 3, errorRate, ok: true });

test('arrival rate: broken when achieved falls below 90 % of offered', () => {
  assert.equal(breakReason(step(400, 395), step(300, 300), 'rate'), undefined);
  assert.match(breakReason(step(500, 440), step(400, 395), 'rate')!, /below 90% of the offered 500/);
});

test('broken when errors pass the limit', () => {
  assert.match(breakReason(step(100, 100, 0.06), undefined, 'rate')!, /error rate 6.0% is past the 5.0% limit/);
  assert.equal(breakReason(step(100, 100, 0.06), undefined, 'rate', { errorLimit: 0.1, throughputRatio: 0.9, minGain: 0 }), undefined);
});

test('VUs: broken when achieved throughput stops rising as VUs rise', () => {
  assert.equal(breakReason(step(20, 900), step(10, 500), 'vus'), undefined);
  assert.match(breakReason(step(40, 890), step(20, 900), 'vus')!, /throughput stopped rising/);
  assert.match(breakReason(step(40, 910), step(20, 900), 'vus', { errorLimit: 0.05, throughputRatio: 0.9, minGain: 0.05 })!, /stopped rising/);
});

test('hard failure: nothing completed, or nearly every request failed', () => {
  const base = { ...step(50, 0, 1), achieved: 0, phase: 'ladder' as const, dropped: 0, missed: [], holds: 1, passes: 0 };
  assert.match(failsHard({ ...base, requests: 40, refused: 40 } as FindStep)!, /100% of requests failed \(40 refused connections\)/);
  assert.equal(failsHard({ ...base, requests: 0, refused: 0 } as FindStep), 'no request completed');
  assert.equal(failsHard({ ...base, errorRate: 0.5, requests: 40, refused: 0 } as FindStep), undefined);
});

/** A scenario step's result: each iteration a flow of several requests, so requests/s is a multiple of iterations/s. */
function scenarioResult(iterationsPerS: number, requestsPerIteration: number): RunResult {
  const rps = iterationsPerS * requestsPerIteration;
  const latency = { min: 1, mean: 2, p50: 2, p90: 3, p95: 3, p99: 4, p999: 5, max: 6, stddev: 1 };
  return {
    summary: {
      model: 'open',
      durationMs: 1000,
      total: { name: 'total', requests: rps, rps, errors: { total: 0, byKind: {} }, statusCodes: { 200: rps }, latency },
      endpoints: [],
      iterations: { count: iterationsPerS, rate: iterationsPerS, dropped: 0 },
      errorRate: 0,
    },
    thresholds: [],
  } as unknown as RunResult;
}

test('a scenario step compares iterations with iterations: offered iterations/s against achieved iterations/s, not requests/s', () => {
  // 50 iterations/s offered, 3 requests each: the step achieved all 50, not "150".
  const met = stepFromResult(50, 'ladder', scenarioResult(50, 3));
  assert.equal(met.achieved, 50);
  assert.equal(met.achievedRps, 150);
  assert.equal(breakReason(met, undefined, 'rate'), undefined);
  // 100 offered, 50 achieved: broken, although its 150 requests/s are above 90 % of 100.
  const short = stepFromResult(100, 'ladder', scenarioResult(50, 3));
  assert.match(breakReason(short, met, 'rate')!, /achieved 50\/s is below 90% of the offered 100\/s/);
});
