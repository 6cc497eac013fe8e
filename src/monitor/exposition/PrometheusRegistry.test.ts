import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoadlineError } from '../../core/index.js';
import { checkExposition } from './checkExposition.js';
import { PrometheusRegistry } from './PrometheusRegistry.js';

test('registering the same name twice returns the same metric', () => {
  const r = new PrometheusRegistry();
  const a = r.counter({ name: 'cache_hits_total', help: 'Hits.', labelNames: ['tier'] });
  const b = r.counter({ name: 'cache_hits_total', help: 'Hits.', labelNames: ['tier'] });
  assert.equal(a, b);
  a.inc(2, { tier: 'l1' });
  b.inc(1, { tier: 'l1' });
  assert.match(r.render(), /^cache_hits_total\{tier="l1"\} 3$/m);
  assert.equal(r.gauge({ name: 'pool_size', help: 'x' }), r.gauge({ name: 'pool_size', help: 'x' }));
});

test('a name registered with another type or other labels is rejected, naming the field', () => {
  const r = new PrometheusRegistry();
  r.gauge({ name: 'queue_depth', help: 'Depth.' });
  assert.throws(() => r.histogram({ name: 'queue_depth', help: 'Depth.' }), (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && /name: got "queue_depth"/.test(e.message));
  assert.throws(() => r.gauge({ name: 'queue_depth', help: 'Depth.', labelNames: ['q'] }), /same type and labels/);
  assert.throws(() => r.counter({ name: 'bad-name', help: 'x' }), /name: got "bad-name_total", expected a Prometheus metric name/);
  assert.throws(() => r.gauge({ name: 'ok_name', help: 'x', labelNames: ['le'] }), /ok_name.labelNames/);
  assert.throws(() => r.histogram({ name: 'h_seconds', help: 'x', buckets: [1, 0.5] }), /h_seconds.buckets: got \[1,0.5\], expected a non-empty array/);
  assert.throws(() => new PrometheusRegistry({ maxSeriesPerMetric: 0 }), /maxSeriesPerMetric: got 0/);
});

test('counters get the _total suffix and refuse negative increments (WrongArguments.test.ts has the rest)', () => {
  const r = new PrometheusRegistry();
  const c = r.counter({ name: 'jobs_done', help: 'Jobs.' });
  c.inc();
  assert.throws(() => c.inc(-5), /jobs_done_total.inc\(value\): got -5/);
  assert.match(r.render(), /^# TYPE jobs_done_total counter\njobs_done_total 1$/m);
});

test('label cardinality is capped with an overflow series', () => {
  const r = new PrometheusRegistry({ maxSeriesPerMetric: 10 });
  const c = r.counter({ name: 'requests_by_user_total', help: 'Requests per user.', labelNames: ['user'] });
  for (let i = 0; i < 1000; i++) c.inc(1, { user: `u${i}` });
  const text = r.render();
  const lines = text.split('\n').filter((l) => l.startsWith('requests_by_user_total'));
  assert.equal(lines.length, 11);
  assert.match(text, /^requests_by_user_total\{user="__overflow__"\} 990$/m);
  assert.deepEqual(r.overflows(), { requests_by_user_total: 990 });
});

test('gauges with collect are read at render time; histograms render cumulative buckets', () => {
  const r = new PrometheusRegistry();
  let size = 3;
  r.gauge({ name: 'pool_connections', help: 'Connections.', labelNames: ['state'], collect: () => [{ labels: { state: 'idle' }, value: size }, { labels: { state: 'busy' }, value: 1 }] });
  const h = r.histogram({ name: 'query_duration_seconds', help: 'Query time.', buckets: [0.01, 0.1, 1] });
  h.observe(0.005);
  h.observe(0.05);
  h.observe(5);
  size = 4;
  const text = r.render();
  assert.match(text, /^pool_connections\{state="idle"\} 4$/m);
  assert.match(text, /query_duration_seconds_bucket\{le="0.01"\} 1\nquery_duration_seconds_bucket\{le="0.1"\} 2\nquery_duration_seconds_bucket\{le="1"\} 2\nquery_duration_seconds_bucket\{le="\+Inf"\} 3\nquery_duration_seconds_sum 5.055\nquery_duration_seconds_count 3/);
  assert.deepEqual(checkExposition(text), []);
});

test('label values are escaped', () => {
  const r = new PrometheusRegistry();
  r.gauge({ name: 'odd_labels', help: 'Help with \\ and\nnewline.', labelNames: ['v'] }).set(1, { v: 'a"b\\c\nd' });
  const text = r.render();
  assert.match(text, /^odd_labels\{v="a\\"b\\\\c\\nd"\} 1$/m);
  assert.match(text, /^# HELP odd_labels Help with \\\\ and\\nnewline\.$/m);
});
