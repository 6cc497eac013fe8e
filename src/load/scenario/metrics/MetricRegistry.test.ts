import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram, parseExpression } from '../../../core/index.js';
import { MetricRegistry, normalizeTags, type MetricTotalSummary, type TaggedMetricSummary } from './MetricRegistry.js';
import { seededRandom } from '../random.js';
import type { Observation } from '../../stats/thresholds.js';

const defs = { api_errors: 'counter', api_success_rate: 'rate', api_response_time: 'trend', queue_depth: 'gauge' } as const;

test('counters add, rates count true, trends record, gauges keep the last value', () => {
  const m = new MetricRegistry(defs);
  m.add('api_errors', 1);
  m.add('api_errors', 2);
  m.add('api_success_rate', true);
  m.add('api_success_rate', false);
  m.add('api_success_rate', 1);
  m.add('api_response_time', 10);
  m.add('api_response_time', 30);
  m.add('queue_depth', 5);
  m.add('queue_depth', 2);
  assert.equal(m.aggregate('api_errors', { kind: 'count' }), 3);
  assert.equal(m.aggregate('api_errors', { kind: 'rate' }, 1500), 2);
  assert.equal(m.aggregate('api_success_rate', { kind: 'rate' }), 2 / 3);
  assert.equal(m.aggregate('api_response_time', { kind: 'avg' }), 20);
  assert.equal(m.aggregate('api_response_time', { kind: 'max' }), 30);
  assert.equal(m.aggregate('queue_depth', { kind: 'value' }), 2);
  assert.equal(m.aggregate('queue_depth', { kind: 'max' }), 5);
  const s = m.summary();
  assert.deepEqual(s.api_errors, { type: 'counter', value: 3, count: 2 });
  assert.equal(s.api_success_rate!.rate, 2 / 3);
  assert.equal(s.api_response_time!.latency!.max, 30);
  assert.equal(s.queue_depth!.value, 2);
  m.destroy();
});

test('a metric without samples aggregates to null; unknown metrics are rejected', () => {
  const m = new MetricRegistry(defs);
  assert.equal(m.aggregate('api_response_time', { kind: 'percentile', p: 95 }), null);
  assert.throws(() => m.add('nope', 1), /metric: got "nope", expected a metric declared under metrics \(api_errors/);
  m.destroy();
});

test('merged worker snapshots equal one registry fed every sample (exact p99)', () => {
  const rng = seededRandom(99);
  const workers = [new MetricRegistry(defs), new MetricRegistry(defs), new MetricRegistry(defs)];
  const single = new MetricRegistry(defs);
  const reference = new Histogram();
  for (let i = 0; i < 30_000; i++) {
    const w = workers[i % 3]!;
    const latency = 1 + rng.next() * rng.next() * 2000;
    const ok = rng.next() > 0.02;
    for (const r of [w, single]) {
      r.add('api_response_time', latency);
      r.add('api_success_rate', ok);
      if (!ok) r.add('api_errors', 1);
    }
    reference.record(latency * 1000);
  }
  // Snapshots go through structured clone, as they do between worker threads.
  const merged = new MetricRegistry(defs);
  for (const w of workers) merged.merge(structuredClone(w.snapshot()));
  for (const p of [50, 95, 99, 99.9]) {
    assert.equal(merged.aggregate('api_response_time', { kind: 'percentile', p }), single.aggregate('api_response_time', { kind: 'percentile', p }));
  }
  assert.equal(merged.aggregate('api_response_time', { kind: 'percentile', p: 99 }), reference.percentile(99) / 1000);
  assert.equal(merged.aggregate('api_errors', { kind: 'count' }), single.aggregate('api_errors', { kind: 'count' }));
  assert.equal(merged.aggregate('api_success_rate', { kind: 'rate' }), single.aggregate('api_success_rate', { kind: 'rate' }));
  const rounded = (r: MetricRegistry) => JSON.parse(JSON.stringify(r.summary(), (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)));
  assert.deepEqual(rounded(merged), rounded(single));
  for (const r of [...workers, single, merged]) r.destroy();
  reference.destroy();
});

const tagged = { api_response_time: 'trend', api_errors: 'counter', api_success_rate: 'rate', queue_depth: 'gauge' } as const;
const expr = (text: string) => parseExpression(text);

test('tagged samples land in the total and in their series; filters select every series holding the tags', () => {
  const m = new MetricRegistry(tagged);
  m.add('api_response_time', 10, { endpoint: 'login', method: 'POST' });
  m.add('api_response_time', 30, { endpoint: 'login', method: 'GET' });
  m.add('api_response_time', 100, { endpoint: 'search' });
  m.add('api_response_time', 1000);
  m.add('api_errors', 2, { endpoint: 'login' });
  m.add('api_errors', 1);
  m.add('api_success_rate', true, { endpoint: 'login' });
  m.add('api_success_rate', false, { endpoint: 'login' });
  m.add('api_success_rate', false, { endpoint: 'search' });
  m.add('queue_depth', 7, { shard: 1 });
  m.add('queue_depth', 3, { shard: 2 });
  assert.equal(m.aggregate('api_response_time', { kind: 'max' }), 1000, 'the total holds every sample');
  assert.equal(m.aggregate('api_response_time', { kind: 'count' }), 4);
  const login = m.observe(expr('api_response_time{endpoint:login}:max<50'));
  assert.deepEqual(login, { value: 30 }, 'both login series, not search, not the untagged sample');
  assert.deepEqual(m.observe(expr('api_response_time{endpoint:login}:avg<50')), { value: 20 });
  const near = (o: Observation, want: number) => assert.ok(o.value !== null && Math.abs(o.value - want) <= want * 0.001, `${JSON.stringify(o)} is not within 0.1 % of ${want}`);
  near(m.observe(expr('api_response_time{method:POST,endpoint:login}:p(99)<50')), 10);
  near(m.observe(expr('api_response_time{endpoint:search}:p(95)<50')), 100);
  near(m.observe(expr('api_response_time{endpoint:login}:p(99)<50')), 30);
  assert.deepEqual(m.observe(expr('api_errors{endpoint:login}:count<1')), { value: 2 });
  m.durationMs = 2000;
  assert.deepEqual(m.observe(expr('api_errors{endpoint:login}:rate<1')), { value: 1 });
  assert.deepEqual(m.observe(expr('api_success_rate{endpoint:login}:rate>0.9')), { value: 0.5 });
  assert.deepEqual(m.observe(expr('queue_depth{shard:1}:value<5')), { value: 7 });
  assert.deepEqual(m.observe(expr('queue_depth:value<5')), { value: 3 });
  const none = m.observe(expr('api_response_time{endpoint:logout}:p(95)<50'));
  assert.equal(none.value, null);
  assert.match((none as { reason: string }).reason, /no samples for api_response_time\{endpoint:logout\}/);

  const s = m.summary();
  assert.deepEqual(Object.keys(s).filter((k) => k.startsWith('api_response_time')), [
    'api_response_time',
    'api_response_time{endpoint:login,method:GET}',
    'api_response_time{endpoint:login,method:POST}',
    'api_response_time{endpoint:search}',
  ]);
  const get = s['api_response_time{endpoint:login,method:POST}'] as TaggedMetricSummary;
  assert.equal(get.metric, 'api_response_time');
  assert.deepEqual(get.tags, { endpoint: 'login', method: 'POST' });
  assert.equal(get.latency!.max, 10);
  assert.deepEqual(s['api_errors{endpoint:login}'], { type: 'counter', value: 2, count: 1, metric: 'api_errors', tags: { endpoint: 'login' } });
  assert.deepEqual(s['queue_depth{shard:1}'], { type: 'gauge', value: 7, count: 1, min: 7, max: 7, metric: 'queue_depth', tags: { shard: '1' } });
  assert.deepEqual(s.queue_depth, { type: 'gauge', value: 3, count: 2, min: 3, max: 7 });
  assert.equal(s.api_response_time!.count, 4);
  m.destroy();
});

test('tag sets past maxSeries count in the total and in the overflow, never in a new series', () => {
  const m = new MetricRegistry(tagged, { maxSeries: 2 });
  const frozen = Object.freeze({ user: 'u3' });
  for (let i = 0; i < 5; i++) m.add('api_errors', 1, { user: `u${i % 2}` });
  for (let i = 0; i < 4; i++) m.add('api_errors', 1, frozen);
  m.add('api_errors', 1, { user: 'u4' });
  m.add('api_errors', 1, { user: 'u0' });
  const s = m.summary();
  assert.deepEqual(Object.keys(s).filter((k) => k.startsWith('api_errors')), ['api_errors', 'api_errors{user:u0}', 'api_errors{user:u1}']);
  assert.equal(s.api_errors!.value, 11);
  assert.equal((s.api_errors as MetricTotalSummary).seriesOverflow, 5);
  assert.equal(s['api_errors{user:u0}']!.value, 4);
  const lost = m.observe(expr('api_errors{user:u3}:count<1'));
  assert.equal(lost.value, null);
  assert.match((lost as { reason: string }).reason, /5 samples of api_errors had tag sets past the 2 kept/);
  // The cap holds across merges too: the merged registry keeps 2 series and adds the rest to the overflow.
  const other = new MetricRegistry(tagged, { maxSeries: 2 });
  other.add('api_errors', 1, { user: 'u9' });
  other.add('api_errors', 1, { user: 'u0' });
  const merged = new MetricRegistry(tagged, { maxSeries: 2 }).merge(structuredClone(m.snapshot())).merge(structuredClone(other.snapshot()));
  const ms = merged.summary();
  assert.equal(ms.api_errors!.value, 13);
  assert.equal((ms.api_errors as MetricTotalSummary).seriesOverflow, 6);
  assert.equal(ms['api_errors{user:u0}']!.value, 5);
  for (const r of [m, other, merged]) r.destroy();
});

test('a frozen tag object resolves to the same series every time; bad tags are rejected naming the tag', () => {
  const m = new MetricRegistry(tagged);
  const tags = Object.freeze({ endpoint: 'login' });
  for (let i = 0; i < 100; i++) m.add('api_response_time', i, tags);
  m.add('api_response_time', 1000, { endpoint: 'login' });
  assert.deepEqual(m.observe(expr('api_response_time{endpoint:login}:count<1')), { value: 101 });
  // A series' mean, stdev, min and max come from exact sums, not from histogram buckets.
  const values = [...Array.from({ length: 100 }, (_, i) => i), 1000];
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  const stdev = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
  const login = m.summary()['api_response_time{endpoint:login}']!.latency!;
  assert.deepEqual([login.mean, login.stdev, login.min, login.max], [Math.round(mean * 1000) / 1000, Math.round(stdev * 1000) / 1000, 0, 1000]);
  assert.equal(Object.keys(m.summary()).length, 5);
  assert.throws(() => m.add('api_errors', 1, { endpoint: 'a,b' }), /tags\.endpoint: got "a,b", expected a non-empty string, number or boolean without , \{ \}/);
  assert.throws(() => m.add('api_errors', 1, { '1x': 'a' }), /tags\.1x: got "1x", expected a tag name/);
  assert.throws(() => m.add('api_errors', 1, { endpoint: {} as unknown as string }), /tags\.endpoint/);
  assert.equal(m.aggregate('api_errors', { kind: 'count' }), null, 'a rejected sample is not recorded');
  assert.deepEqual(normalizeTags({ b: 2, a: true }), { a: 'true', b: '2' });
  m.destroy();
});

test('merged tagged series equal one registry fed every sample (exact per-series p99)', () => {
  const rng = seededRandom(7);
  const endpoints = ['login', 'search', 'cart'].map((endpoint) => Object.freeze({ endpoint }));
  const workers = [new MetricRegistry(tagged), new MetricRegistry(tagged), new MetricRegistry(tagged)];
  const single = new MetricRegistry(tagged);
  const reference = new Histogram();
  for (let i = 0; i < 20_000; i++) {
    const w = workers[i % 3]!;
    const tags = endpoints[Math.floor(rng.next() * 3)]!;
    const latency = 1 + rng.next() * rng.next() * 1500;
    for (const r of [w, single]) {
      r.add('api_response_time', latency, tags);
      r.add('api_success_rate', latency < 1000, tags);
    }
    if (tags.endpoint === 'search') reference.record(latency * 1000);
  }
  const merged = new MetricRegistry(tagged);
  for (const w of workers) merged.merge(structuredClone(w.snapshot()));
  for (const p of [50, 95, 99]) {
    const e = expr(`api_response_time{endpoint:search}:p(${p})<1`);
    assert.deepEqual(merged.observe(e), single.observe(e));
  }
  assert.deepEqual(merged.observe(expr('api_response_time{endpoint:search}:p(99)<1')), { value: reference.percentile(99) / 1000 });
  const rate = expr('api_success_rate{endpoint:cart}:rate>1');
  assert.deepEqual(merged.observe(rate), single.observe(rate));
  const rounded = (r: MetricRegistry) => JSON.parse(JSON.stringify(r.summary(), (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)));
  assert.deepEqual(rounded(merged), rounded(single));
  for (const r of [...workers, single, merged]) r.destroy();
  reference.destroy();
});

test('snapshot(only) holds the named metrics; an unchanged series keeps its encoding, a changed one is encoded again', () => {
  const m = new MetricRegistry(tagged);
  const login = Object.freeze({ endpoint: 'login' });
  m.add('api_response_time', 10, login);
  m.add('api_response_time', 20, { endpoint: 'search' });
  m.add('api_errors', 1);
  const first = m.snapshot(['api_response_time']);
  assert.deepEqual(Object.keys(first), ['api_response_time']);
  m.add('api_response_time', 500, login);
  const second = m.snapshot();
  assert.deepEqual(Object.keys(second), Object.keys(tagged));
  const key = (s: typeof first, k: string) => s.api_response_time!.series![k]!.histogram;
  assert.equal(key(second, 'api_response_time{endpoint:search}'), key(first, 'api_response_time{endpoint:search}'));
  assert.notEqual(key(second, 'api_response_time{endpoint:login}'), key(first, 'api_response_time{endpoint:login}'));
  const merged = new MetricRegistry(tagged).merge(second);
  const max = merged.observe(parseExpression('api_response_time{endpoint:login}:p(99)<1'));
  assert.ok(max.value !== null && max.value >= 499, `the later sample is in the snapshot: ${JSON.stringify(max)}`);
  assert.equal(merged.aggregate('api_response_time', { kind: 'count' }), 3);
  m.destroy();
  merged.destroy();
});

test('trend percentiles stay between the exact min and max (an HDR bucket reads its upper edge, above the max)', () => {
  // 123.457 ms is recorded as 123457 µs; with 3 significant digits its bucket's upper edge is
  // above it, so an unclamped p50..p99.9 of these samples reads more than the largest sample.
  const m = new MetricRegistry(tagged);
  const tags = Object.freeze({ endpoint: 'login' });
  for (const v of [123.401, 123.457]) m.add('api_response_time', v, tags);
  const summary = m.summary();
  for (const key of ['api_response_time', 'api_response_time{endpoint:login}']) {
    const latency = summary[key]!.latency!;
    assert.equal(latency.max, 123.457, key);
    for (const p of ['mean', 'p50', 'p90', 'p95', 'p99', 'p999'] as const) {
      assert.ok(latency[p] <= latency.max && latency[p] >= latency.min, `${key} ${p} ${latency[p]} outside [${latency.min}, ${latency.max}]`);
    }
  }
  assert.equal(m.aggregate('api_response_time', { kind: 'percentile', p: 99 }), 123.457);
  assert.ok(m.aggregate('api_response_time', { kind: 'med' })! <= 123.457);
  assert.deepEqual(m.observe(expr('api_response_time:p(99.9)<1')), { value: 123.457 });
  assert.deepEqual(m.observe(expr('api_response_time{endpoint:login}:p(99)<1')), { value: 123.457 });
  // The lower end: 0.0014 ms is recorded as 1 µs, which an unclamped percentile reads (0.001 ms).
  const one = new MetricRegistry(tagged);
  one.add('api_response_time', 0.0014);
  assert.equal(one.aggregate('api_response_time', { kind: 'percentile', p: 50 }), 0.0014);
  assert.equal(one.summary().api_response_time!.latency!.p50, 0.0014);
});
