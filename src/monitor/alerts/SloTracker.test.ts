import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SloTracker } from './SloTracker.js';

test('availability SLO: error budget remaining and burn rate', () => {
  const slo = new SloTracker({ name: 'api', objective: 'http_req_failed:rate<0.1%', window: '1d', burnRateWindow: '1h' });
  assert.equal(slo.kind, 'availability');
  assert.ok(Math.abs(slo.target - 0.999) < 1e-12);
  const hour = 3_600_000;
  // 23 quiet hours: 10,000 requests each, 2 errors each (20 % of their allowance)
  for (let h = 0; h < 23; h++) slo.add(9_998, 10_000, h * hour);
  // last hour burns fast: 60 errors in 10,000 (6x the allowed rate)
  slo.add(9_940, 10_000, 23 * hour);
  const r = slo.report(23 * hour + 60_000);
  assert.equal(r.total, 240_000);
  assert.equal(r.good, 240_000 - 46 - 60);
  assert.ok(Math.abs(r.errorBudgetRemaining - (1 - 106 / 240)) < 1e-9, String(r.errorBudgetRemaining));
  assert.ok(Math.abs(r.burnRate - 6) < 1e-9, String(r.burnRate));
  assert.equal(r.met, true);
});

test('latency SLO: 95 % within 300 ms; old buckets leave the window', () => {
  const slo = new SloTracker({ name: 'checkout', objective: 'http_req_duration{route:/checkout}:p(95)<300', window: '1h', burnRateWindow: '5m' });
  assert.equal(slo.kind, 'latency');
  assert.equal(slo.latencyMs, 300);
  assert.deepEqual(slo.tags, { route: '/checkout' });
  slo.add(50, 100, 0); // a bad start, later out of the window
  for (let m = 1; m <= 90; m++) slo.add(99, 100, m * 60_000);
  const r = slo.report(90 * 60_000);
  assert.equal(r.total, 6_000 + 100);
  assert.ok(r.sli > 0.98 && r.sli < 0.995);
  assert.ok(r.errorBudgetRemaining > 0.7 && r.errorBudgetRemaining < 0.85, String(r.errorBudgetRemaining));
  assert.ok(Math.abs(r.burnRate - 0.2) < 0.01, String(r.burnRate));
});

test('objectives outside the grammar forms are rejected with the field named', () => {
  assert.throws(() => new SloTracker({ name: 'x', objective: 'http_req_duration:avg<300' }), /slos.x.objective: got "http_req_duration:avg<300", expected 'http_req_duration:p\(N\)<MS'/);
  assert.throws(() => new SloTracker({ name: 'x', objective: 'http_req_failed:rate>1%' }), /slos.x.objective/);
  assert.throws(() => new SloTracker({ name: 'x', objective: 'nonsense' }), /slos.x.objective: got "nonsense"/);
  assert.throws(() => new SloTracker({ name: 'x', objective: 'http_req_failed:rate<1%', window: 'forever' }), /slos.x.window: got "forever"/);
});
