import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression, type Aggregation } from '../../core/index.js';
import type { ThresholdRule } from './normalized-model.js';
import { evaluateThresholds } from './threshold-evaluator.js';

const rule = (key: string, text: string, extra: Partial<ThresholdRule> = {}): ThresholdRule => ({
  key,
  expression: parseExpression(text, { metric: key }),
  level: 'error',
  abortOnFail: false,
  delayAbortEvalMs: 0,
  ...extra,
});

const observed: Record<string, number> = { 'http_req_duration p(95)': 120, 'http_req_duration{name:login} p(95)': 300, 'http_req_failed rate': 0.002 };
const lookup = (metric: string, tags: Readonly<Record<string, string>>, agg: Aggregation) => {
  const key = `${metric}${tags.name ? `{name:${tags.name}}` : ''} ${agg.kind === 'percentile' ? `p(${agg.p})` : agg.kind}`;
  return observed[key] ?? null;
};

test('passing and failing thresholds, with per-endpoint filters', () => {
  const v = evaluateThresholds([rule('http_req_duration', 'p(95)<127'), rule('http_req_duration{name:login}', 'p(95)<200'), rule('http_req_failed', 'rate<0.01')], lookup);
  assert.deepEqual(
    v.results.map((r) => [r.expression, r.observed, r.ok]),
    [
      ['http_req_duration:p(95)<127', 120, true],
      ['http_req_duration{name:login}:p(95)<200', 300, false],
      ['http_req_failed:rate<0.01', 0.002, true],
    ],
  );
  assert.equal(v.failed, true);
  assert.equal(v.abort, false);
});

test('a warn-level threshold reports without failing', () => {
  const v = evaluateThresholds([rule('http_req_duration{name:login}', 'p(95)<200', { level: 'warn' })], lookup);
  assert.equal(v.results[0]!.ok, false);
  assert.equal(v.results[0]!.level, 'warn');
  assert.equal(v.failed, false);
});

test('a threshold on a metric with no samples fails and says so', () => {
  const v = evaluateThresholds([rule('http_req_duration{name:nothing}', 'p(95)<200')], lookup);
  assert.deepEqual(v.results[0], { expression: 'http_req_duration{name:nothing}:p(95)<200', metric: 'http_req_duration{name:nothing}', observed: null, ok: false, level: 'error', reason: 'no samples for http_req_duration{name:nothing}' });
  assert.equal(v.failed, true);
});

test('abortOnFail waits for delayAbortEval', () => {
  const rules = [rule('http_req_duration{name:login}', 'p(95)<200', { abortOnFail: true, delayAbortEvalMs: 10_000 })];
  assert.equal(evaluateThresholds(rules, lookup, 9_999).abort, false);
  assert.equal(evaluateThresholds(rules, lookup, 10_000).abort, true);
  assert.equal(evaluateThresholds(rules, lookup).results[0]!.abortOnFail, true);
  assert.equal(evaluateThresholds([rule('http_req_duration', 'p(95)<127', { abortOnFail: true })], lookup, 60_000).abort, false);
});
