import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression, type LatencyStats } from '../../core/index.js';
import { syntheticResult } from '../SyntheticResult.js';
import { judgeSlo, observe } from './ResultMetric.js';

const latency = (p95: number): LatencyStats => ({ min: 1, mean: 10, stdev: 2, p50: 9, p90: 12, p95, p99: p95 + 5, p999: p95 + 9, max: 40 });

function withMetrics() {
  const result = syntheticResult({ seed: 3, durationS: 10 });
  result.summary.metrics = {
    api_errors: { type: 'counter', value: 12, count: 12 },
    'api_errors{endpoint:login}': { type: 'counter', value: 2, count: 2, metric: 'api_errors', tags: { endpoint: 'login' } },
    'api_errors{endpoint:media,method:GET}': { type: 'counter', value: 10, count: 10, metric: 'api_errors', tags: { endpoint: 'media', method: 'GET' } },
    api_ok: { type: 'rate', value: 0.75, rate: 0.75, count: 8 },
    'api_ok{endpoint:login}': { type: 'rate', value: 1, rate: 1, count: 2, metric: 'api_ok', tags: { endpoint: 'login' } },
    'api_ok{endpoint:media}': { type: 'rate', value: 2 / 3, rate: 2 / 3, count: 6, metric: 'api_ok', tags: { endpoint: 'media' } },
    api_time: { type: 'trend', value: 10, count: 4, latency: latency(30) },
    'api_time{endpoint:login,method:POST}': { type: 'trend', value: 16, count: 1, latency: latency(50), metric: 'api_time', tags: { endpoint: 'login', method: 'POST' } },
    'api_time{endpoint:login,method:PUT}': { type: 'trend', value: 8, count: 3, latency: latency(20), metric: 'api_time', tags: { endpoint: 'login', method: 'PUT' } },
  };
  return result;
}

const at = (text: string) => observe(withMetrics(), parseExpression(text));

test('a custom metric is read from its total, an exact series, or every series holding the filter tags', () => {
  assert.deepEqual(at('api_errors:count>0'), { value: 12 });
  assert.deepEqual(at('api_errors{endpoint:login}:count>0'), { value: 2 });
  assert.deepEqual(at('api_errors{method:GET}:count>0'), { value: 10 }, 'a subset of one series');
  assert.deepEqual(at('api_errors:rate>0'), { value: 1.2 }, 'a counter per second of the measured duration');
  assert.deepEqual(at('api_ok{endpoint:media}:rate>0'), { value: 2 / 3 });
  assert.deepEqual(at('api_time{endpoint:login,method:PUT}:p(95)<100'), { value: 20 });
  // Two series: counts, means and extremes combine; percentiles do not.
  assert.deepEqual(at('api_time{endpoint:login}:count>0'), { value: 4 });
  assert.deepEqual(at('api_time{endpoint:login}:avg<100'), { value: (16 + 3 * 8) / 4 });
  const p = at('api_time{endpoint:login}:p(95)<100');
  assert.equal(p.value, null);
  assert.match((p as { reason: string }).reason, /selects 2 series.*name one series/);
});

test('missing metrics, series and percentiles say why; aggregations a metric lacks are rejected', () => {
  assert.match((at('nope:count>0') as { reason: string }).reason, /no metric nope in the result/);
  assert.match((at('api_errors{endpoint:checkout}:count>0') as { reason: string }).reason, /no samples for api_errors\{endpoint:checkout\}/);
  assert.match((at('api_time:p(97)<10') as { reason: string }).reason, /p\(97\) of api_time is not in the result/);
  assert.throws(() => at('api_errors:p(95)<1'), /an aggregation a counter metric has/);
  const slo = judgeSlo(withMetrics(), 'api_ok{endpoint:login}:rate>0.99', 'slo');
  assert.equal(slo.ok, true);
});
