import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../../core/index.js';
import { syntheticResult } from '../SyntheticResult.js';
import { checkApi, checkSlos } from './ApiCheck.js';

const result = syntheticResult({ seed: 4, durationS: 10, errorRate: 0.02, endpoints: [{ name: 'GET /users' }, { name: 'POST /orders', latencyScale: 4 }] });

test('API budgets per endpoint: p95, p99, error rate and throughput', () => {
  const users = result.summary.endpoints[0]!;
  const checks = checkApi(result, [
    { endpoint: 'GET /users', p95: { warn: users.latency.p95 * 2, error: users.latency.p95 * 3 }, p99: { error: users.latency.p99 / 2 } },
    { endpoint: 'total', errorRate: { warn: 0.01, error: 0.05 }, rps: { warn: 300, error: 100 } },
    { endpoint: 'GET /missing', p95: { error: 100 } },
  ]);
  assert.deepEqual(checks.map((c) => [c.name, c.metric, c.level]), [
    ['GET /users', 'p95', 'pass'],
    ['GET /users', 'p99', 'error'],
    ['total', 'errorRate', 'warn'],
    ['total', 'rps', 'warn'],
    ['GET /missing', 'p95', 'error'],
  ]);
  assert.equal(checks[2]!.value, result.summary.errorRate);
  assert.equal(checks[4]!.value, null);
});

test('SLOs in the threshold grammar judged against the result, endpoint tags and percentiles from the histogram', () => {
  const orders = result.summary.endpoints[1]!;
  const checks = checkSlos(result, [
    `http_req_duration{name:POST /orders}:p(95)<${orders.latency.p95 + 1}`,
    `http_req_duration{name:POST /orders}:p(95)<${orders.latency.p95 - 5}`,
    'p(99.5)<10000',
    'http_req_failed:rate<1%',
    'http_reqs:rate>100',
    'http_req_duration{name:GET /nope}:p(95)<1',
  ]);
  assert.deepEqual(checks.map((c) => c.level), ['pass', 'error', 'pass', 'error', 'pass', 'error']);
  assert.equal(checks[0]!.value, orders.latency.p95);
  assert.match(checks[5]!.detail!, /no endpoint named "GET \/nope"/);
  assert.throws(() => checkSlos(result, ['http_req_duration:p95 <']), (e) => isLoadlineError(e, 'LOADLINE_INVALID_EXPRESSION') && /slos\[0\]/.test(e.message));
});
