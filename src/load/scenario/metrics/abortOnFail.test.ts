import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateThresholds, thresholdsPassed } from '../../stats/thresholds.js';
import { shouldAbort } from './abortOnFail.js';
import { MetricRegistry } from './MetricRegistry.js';
import { normalizeScenario } from '../compile/normalize.js';
import type { Scenario } from '../model.js';

async function rules(thresholds: Scenario['thresholds']) {
  const scenario: Scenario = { metrics: { api_response_time: 'trend', api_success_rate: 'rate', api_errors: 'counter' }, thresholds, flows: [{ name: 'f', steps: [{ think: '1s' }] }] };
  return (await normalizeScenario(scenario, { file: 's.ts', data: scenario, lineOf: () => undefined })).thresholds;
}

test('scenario thresholds judge custom metrics through the engine evaluator', async () => {
  const metrics = new MetricRegistry({ api_response_time: 'trend', api_success_rate: 'rate', api_errors: 'counter' });
  for (let i = 1; i <= 100; i++) {
    metrics.add('api_response_time', i);
    metrics.add('api_success_rate', i > 2);
  }
  metrics.add('api_errors', 2);
  metrics.durationMs = 4000;
  const r = await rules({
    api_response_time: ['p(95)<127', { threshold: 'max<50', level: 'warn' }],
    api_success_rate: ['rate>0.99'],
    api_errors: ['count<5', 'rate<1'],
    'api_response_time{name:login}': ['p(95)<1'],
  });
  const results = evaluateThresholds(r, [metrics]);
  assert.deepEqual(results.map((x) => [x.expression, x.observed, x.ok, x.level]), [
    ['api_response_time:p(95)<127', 95.039, true, 'error'], // HDR reports the bucket's highest equivalent value,
    ['api_response_time:max<50', 100, false, 'warn'],
    ['api_success_rate:rate>0.99', 0.98, false, 'error'],
    ['api_errors:count<5', 2, true, 'error'],
    ['api_errors:rate<1', 0.5, true, 'error'],
    ['api_response_time{name:login}:p(95)<1', null, false, 'error'],
  ]);
  assert.match(results[5]!.reason!, /no samples for api_response_time\{name:login\}/);
  assert.equal(thresholdsPassed(results), false);
  metrics.destroy();
});

test('a custom metric with no samples fails and says so', async () => {
  const metrics = new MetricRegistry({ api_response_time: 'trend' });
  const results = evaluateThresholds(await rules({ api_response_time: ['p(95)<127'] }), [metrics]);
  assert.equal(results[0]!.ok, false);
  assert.equal(results[0]!.observed, null);
  assert.equal(results[0]!.reason, 'no samples for api_response_time');
  metrics.destroy();
});

test('abortOnFail waits for delayAbortEval; warn and plain thresholds never abort', async () => {
  const r = await rules({ http_req_duration: ['p(95)<127', { threshold: 'p(99)<500', abortOnFail: true, delayAbortEval: '10s' }] });
  const failing = [{ expression: '', metric: '', observed: 1, ok: false, level: 'error' as const }, { expression: '', metric: '', observed: 900, ok: false, level: 'error' as const }];
  assert.equal(shouldAbort(r, failing, 9_999), false);
  assert.equal(shouldAbort(r, failing, 10_000), true);
  assert.equal(shouldAbort(r, [failing[0]!, { ...failing[1]!, ok: true }], 60_000), false);
});

test('thresholds with an aggregation that does not fit the metric are rejected at load', async () => {
  await assert.rejects(rules({ http_req_duration: ['rate<0.01'] }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'LOADLINE_INVALID_FILE');
    assert.match(err.message, /^s\.ts: thresholds\.http_req_duration\[0\]: got "http_req_duration:rate<0\.01", expected an aggregation of a trend metric/);
    return true;
  });
});
