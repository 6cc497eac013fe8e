import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram, isLoadlineError, parseResult } from '../core/index.js';
import { syntheticResult } from './SyntheticResult.js';

test('synthetic results are schema-valid and reproducible from their seed', () => {
  const a = syntheticResult({ seed: 7, durationS: 5, server: true, thresholds: ['http_req_duration:p(95)<100'], endpoints: [{ name: 'GET /a' }, { name: 'POST /b', weight: 2 }] });
  assert.deepEqual(parseResult(JSON.stringify(a), 'a.json'), a);
  assert.deepEqual(syntheticResult({ seed: 7, durationS: 5, server: true, thresholds: ['http_req_duration:p(95)<100'], endpoints: [{ name: 'GET /a' }, { name: 'POST /b', weight: 2 }] }), a);
  assert.notDeepEqual(syntheticResult({ seed: 8, durationS: 5 }).summary.total.latency, a.summary.total.latency);
});

test('the stored histogram holds the recorded latencies and the summary matches it', () => {
  const r = syntheticResult({ seed: 3, durationS: 4, medianMs: 50 });
  const h = Histogram.decode(r.histograms.total);
  assert.equal(h.count, r.summary.total.requests);
  assert.equal(h.percentile(95) / 1000, r.summary.total.latency.p95);
  assert.ok(r.summary.total.latency.p50 > 35 && r.summary.total.latency.p50 < 70, `p50 ${r.summary.total.latency.p50}`);
  h.destroy();
});

test('slowdown scales latency and errorRate produces errors', () => {
  const fast = syntheticResult({ seed: 1, durationS: 5 });
  const slow = syntheticResult({ seed: 1, durationS: 5, slowdown: 2, errorRate: 0.1 });
  const ratio = slow.summary.total.latency.p50 / fast.summary.total.latency.p50;
  assert.ok(ratio > 1.9 && ratio < 2.1, `ratio ${ratio}`);
  assert.ok(slow.summary.errorRate > 0.05 && slow.summary.errorRate < 0.15);
  assert.equal(fast.summary.errorRate, 0);
});

test('a threshold a synthetic result cannot judge is a coded error naming the field, the value and what it judges', () => {
  assert.throws(() => syntheticResult({ thresholds: ['http_reqs:count>1'] }), (err) => isLoadlineError(err, 'LOADLINE_INVALID_OPTION') && err.details.field === 'thresholds' && err.details.value === 'http_reqs:count>1' && /http_req_failed:rate/.test(err.message));
});
