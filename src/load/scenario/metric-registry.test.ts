import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram } from '../../core/index.js';
import { MetricRegistry } from './metric-registry.js';
import { seededRandom } from './random.js';

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
