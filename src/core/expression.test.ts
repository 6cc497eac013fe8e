import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression, satisfies, seriesKey, aggregationName } from './expression.js';
import { isLoadlineError } from './errors/errors.js';

test('parses the examples of the contract', () => {
  assert.deepEqual(parseExpression('http_req_duration:p(95)<127'), {
    source: 'http_req_duration:p(95)<127',
    metric: 'http_req_duration',
    tags: {},
    aggregation: { kind: 'percentile', p: 95 },
    operator: '<',
    value: 127,
  });
  const failed = parseExpression('http_req_failed:rate<0.01');
  assert.equal(failed.aggregation.kind, 'rate');
  assert.equal(failed.value, 0.01);
  const reqs = parseExpression('http_reqs:rate>2340');
  assert.equal(reqs.operator, '>');
  assert.equal(reqs.value, 2340);
  const login = parseExpression('http_req_duration{name:login}:p(99)<500');
  assert.deepEqual(login.tags, { name: 'login' });
  assert.equal(seriesKey(login), 'http_req_duration{name:login}');
});

test('durations take units and are normalized to milliseconds; % divides by 100', () => {
  assert.equal(parseExpression('http_req_duration:p(95) < 1.5s').value, 1500);
  assert.equal(parseExpression('http_req_duration:avg<=250us').value, 0.25);
  assert.equal(parseExpression('http_req_duration:max<100ms').value, 100);
  assert.equal(parseExpression('http_req_failed:rate<1%').value, 0.01);
});

test('accepts p95 shorthand, several tags, and every operator', () => {
  const e = parseExpression('http_req_duration{method:GET, name:list}:p99.9>=3');
  assert.deepEqual(e.aggregation, { kind: 'percentile', p: 99.9 });
  assert.deepEqual(e.tags, { method: 'GET', name: 'list' });
  assert.equal(aggregationName(e.aggregation), 'p(99.9)');
  for (const op of ['<', '<=', '>', '>=', '==', '!='] as const) {
    assert.equal(parseExpression(`checks:rate${op}0.5`).operator, op);
  }
});

test('a bare aggregation takes the default metric, or the fixed k6-style metric', () => {
  assert.equal(parseExpression('p(95)<127', { defaultMetric: 'http_req_duration' }).metric, 'http_req_duration');
  const k6 = parseExpression('p(99)<500', { metric: 'http_req_duration{name:login}' });
  assert.equal(k6.metric, 'http_req_duration');
  assert.deepEqual(k6.tags, { name: 'login' });
});

test('satisfies compares with the operator', () => {
  const e = parseExpression('http_req_duration:p(95)<127');
  assert.equal(satisfies(e, 126.9), true);
  assert.equal(satisfies(e, 127), false);
  assert.equal(satisfies(parseExpression('checks:rate>=0.99'), 0.99), true);
  assert.equal(satisfies(parseExpression('http_reqs:count!=0'), 0), false);
});

test('bad expressions are rejected with the field, the value and the grammar', () => {
  for (const bad of ['', 'http_req_duration', 'http_req_duration:p(95)', 'http_req_duration:p95<<1', 'http_req_duration:pct<1', 'http_req_duration:p(101)<1', '9metric:avg<1', 'http_req_duration{name}:avg<1', 'p(95)<127']) {
    assert.throws(
      () => parseExpression(bad, { field: '--threshold' }),
      (err: unknown) => {
        assert.ok(isLoadlineError(err, 'LOADLINE_INVALID_EXPRESSION'), `expected a coded error for ${JSON.stringify(bad)}`);
        assert.match(err.message, /--threshold: got /);
        assert.match(err.message, /expected an expression/);
        return true;
      },
    );
  }
});
