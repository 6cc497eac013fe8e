import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EndpointStats } from './EndpointStats.js';

test('summary percentiles stay between min and max (an HDR bucket reads its upper edge, above the exact max)', () => {
  const e = new EndpointStats('GET /');
  for (let i = 0; i < 1000; i++) e.record(123_457, 200, -1, false, 0, undefined);
  e.record(1_001, 200, -1, false, 0, undefined);
  const l = e.summary(1000).latency;
  for (const key of ['p50', 'p90', 'p95', 'p99', 'p999', 'mean'] as const) {
    assert.ok(l[key] <= l.max, `${key} ${l[key]} above max ${l.max}`);
    assert.ok(l[key] >= l.min, `${key} ${l[key]} below min ${l.min}`);
  }
  assert.equal(l.max, 123.457);
  assert.equal(l.p99, l.max);
});
