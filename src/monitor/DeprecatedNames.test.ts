import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as monitor from './index.js';

// Names renamed in 0.2.0 keep working for one minor version: each old name is the new value itself,
// so code written against 0.1 (and `instanceof` checks across the two names) behaves the same.
test('the names renamed in 0.2.0 are still exported, as the very same values', () => {
  const renamed: Array<[old: string, now: string]> = [
    ['monitorHandler', 'monitorHttp'],
    ['expressMonitor', 'monitorExpress'],
    ['fastifyMonitor', 'monitorFastify'],
    ['MetricRegistry', 'PrometheusRegistry'],
    ['Slo', 'SloTracker'],
  ];
  const exported = monitor as unknown as Record<string, unknown>;
  for (const [old, now] of renamed) {
    assert.equal(typeof exported[now], 'function', now);
    assert.equal(exported[old], exported[now], `${old} is ${now}`);
  }
  assert.ok(new monitor.MetricRegistry() instanceof monitor.PrometheusRegistry);
  assert.ok(new monitor.Slo({ name: 'api', objective: 'http_req_failed:rate<1%' }) instanceof monitor.SloTracker);
});
