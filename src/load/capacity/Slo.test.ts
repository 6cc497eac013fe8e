import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../../core/index.js';
import { parseSlo, parseSlos, seriesLatencyLimit } from './Slo.js';

test('a bare percentile SLO means http_req_duration', () => {
  const s = parseSlo('p(95)<127', '--slo');
  assert.equal(s.expression.metric, 'http_req_duration');
  assert.equal(s.expression.source, 'p(95)<127');
  assert.deepEqual(s.expression.aggregation, { kind: 'percentile', p: 95 });
  assert.equal(s.expression.value, 127);
});

test('full SLOs, tag filters and units parse as thresholds', () => {
  const [a, b, c] = parseSlos(['http_req_failed:rate<1%', 'http_req_duration{name:login}:p(99)<0.5s', 'p95 < 2s']);
  assert.equal(a!.expression.value, 0.01);
  assert.deepEqual(b!.expression.tags, { name: 'login' });
  assert.equal(b!.expression.value, 500);
  assert.equal(c!.expression.value, 2000);
});

test('bad SLOs are rejected naming the flag and the text', () => {
  for (const bad of ['p(95)', 'latency<3', 'http_req_failed:p(95)<1', 'p(95)<<1']) {
    assert.throws(() => parseSlo(bad, '--slo'), (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_EXPRESSION') && e.message.includes('--slo') && e.message.includes(JSON.stringify(bad)), bad);
  }
  assert.throws(() => parseSlos(['p(95)<1', 'nope']), (e: unknown) => isLoadlineError(e) && e.message.includes('slos[1]'));
});

test('the series latency limit is the first untagged duration percentile SLO', () => {
  const slos = parseSlos(['http_req_failed:rate<0.01', 'http_req_duration{name:a}:p(95)<10', 'p(99)<300', 'p(95)<127']);
  assert.deepEqual(seriesLatencyLimit(slos), { percentile: 99, limitMs: 300, expression: 'p(99)<300' });
  assert.equal(seriesLatencyLimit(parseSlos(['http_req_failed:rate<0.01'])), undefined);
});
