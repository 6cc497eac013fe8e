import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../../core/index.js';
import { RunStats } from './RunStats.js';
import { RunStatsSource } from './RunStatsSource.js';
import { evaluateThresholds, parseThreshold, thresholdsPassed } from './thresholds.js';

const timings = { blocked: 0, connect: 0, tls: 0, ttfb: 1, receive: 0 };

function sampleStats(): RunStats {
  const stats = new RunStats();
  const login = stats.addEndpoint('login', 'POST');
  const users = stats.addEndpoint('GET /api/users', 'GET');
  for (let i = 1; i <= 100; i++) stats.recordResponse(users, i * 1000, 200, 10, timings); // 1..100 ms
  for (let i = 0; i < 9; i++) stats.recordResponse(login, 300_000, 200, 10, timings);
  stats.recordResponse(login, 900_000, 503, 10, timings);
  stats.recordTransportError(users, 5000, 'refused', undefined);
  stats.recordIteration(false);
  stats.recordDropped();
  return stats;
}

function judge(stats: RunStats, ...expressions: string[]) {
  const source = new RunStatsSource(stats, () => 10_000);
  return evaluateThresholds(expressions.map((e) => parseThreshold(e, { field: '--threshold' })), [source]);
}

test('duration percentiles, avg, max and tag filters on name and method', () => {
  const stats = sampleStats();
  const r = judge(
    stats,
    'http_req_duration{name:GET /api/users}:p(50)<51',
    'http_req_duration{name:login}:p(99)<500',
    'http_req_duration{method:POST}:max>=900',
    'http_req_duration:avg<1',
    'http_req_duration{status:503}:min>800',
  );
  assert.deepEqual(r.map((x) => x.ok), [true, false, true, false, true]);
  assert.equal(r[0]!.observed, 50.015);
  assert.equal(r[1]!.metric, 'http_req_duration{name:login}');
  assert.match(r[1]!.reason!, /was 900, expected < 500/);
  assert.equal(thresholdsPassed(r), false);
  stats.destroy();
});

test('http_req_failed and error_rate count transport errors and statuses >= 400; http_reqs counts and rates', () => {
  const stats = sampleStats();
  const r = judge(stats, 'http_req_failed:rate<0.01', 'error_rate:rate<=0.0182', 'http_req_failed{name:login}:rate==0.1', 'http_reqs:count==111', 'http_reqs:rate>11', 'iterations:count==1', 'dropped_iterations:count==1', 'http_reqs{status:503}:count==1');
  assert.deepEqual(r.map((x) => x.ok), [false, true, true, true, true, true, true, true]);
  assert.equal(r[0]!.observed, 0.018);
  stats.destroy();
});

test('a metric with no samples fails and says so', () => {
  const stats = new RunStats();
  stats.addEndpoint('a', 'GET');
  const r = judge(stats, 'http_req_duration:p(95)<100', 'http_req_duration{name:nope}:p(95)<100', 'checks:rate>0.9', 'http_req_failed:rate<0.5');
  assert.ok(r.every((x) => !x.ok && x.observed === null));
  assert.match(r[0]!.reason!, /no samples for http_req_duration/);
  assert.match(r[1]!.reason!, /no samples for http_req_duration\{name:nope\} \(no endpoint matches\)/);
  assert.match(r[2]!.reason!, /no check ran/);
  stats.destroy();
});

test('warn-level failures do not fail the run', () => {
  const stats = sampleStats();
  const t = parseThreshold('http_req_duration:max<1', { field: 'x', level: 'warn' });
  const r = evaluateThresholds([t], [new RunStatsSource(stats, () => 1000)]);
  assert.equal(r[0]!.ok, false);
  assert.equal(r[0]!.level, 'warn');
  assert.equal(thresholdsPassed(r), true);
  stats.destroy();
});

test('unknown metrics and aggregations that do not fit are rejected before any load', () => {
  const bad = ['http_req_durations:p(95)<1', 'http_req_duration:rate<1', 'http_req_failed:p(95)<1', 'http_req_duration:p95<', 'nonsense'];
  for (const text of bad) {
    assert.throws(
      () => parseThreshold(text, { field: '--threshold' }),
      (err: unknown) => isLoadlineError(err, 'LOADLINE_INVALID_EXPRESSION') && err.message.includes('--threshold') && err.message.includes(JSON.stringify(text)),
      text,
    );
  }
  assert.throws(() => parseThreshold('foo:count>1', { field: '--threshold' }), /known metric \(http_req_duration, http_req_failed/);
});

test('a duration percentile is judged within the exact min and max, as the summary shows it, not at its bucket upper edge', () => {
  const stats = new RunStats();
  const only = stats.addEndpoint('GET /slow', 'GET');
  stats.recordResponse(only, 123_457, 200, 10, timings); // one sample: every percentile is 123.457 ms
  const r = judge(stats, 'http_req_duration:p(99)<=123.457', 'http_req_duration:med<=123.457', 'http_req_duration:p(99)>=123.457');
  assert.deepEqual(r.map((t) => [t.ok, t.observed]), [[true, 123.457], [true, 123.457], [true, 123.457]]);
});
