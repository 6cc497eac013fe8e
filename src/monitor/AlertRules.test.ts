import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock, type Expression } from '../core/index.js';
import { AlertRules, type AlertEvent } from './AlertRules.js';

function harness(rules: ConstructorParameters<typeof AlertRules>[0]) {
  const clock = new FakeClock();
  const alerts = new AlertRules(rules, clock);
  const events: AlertEvent[] = [];
  let values: Record<string, number | undefined> = {};
  const step = (v: Record<string, number | undefined>, ms = 60_000) => {
    clock.advance(ms);
    values = v;
    return alerts.evaluate((e: Expression) => values[e.metric], (e) => events.push(e));
  };
  return { step, events, alerts };
}

test('p95 > 127 ms for 5 m fires after five minutes, once, then resolves', () => {
  const { step, events } = harness([{ name: 'slow', warning: 'http_req_duration:p(95)>127', for: '5m' }]);
  for (let i = 0; i < 5; i++) step({ http_req_duration: 200 });
  assert.equal(events.length, 0, 'not yet: held 4 minutes');
  const active = step({ http_req_duration: 180 });
  assert.equal(events.length, 1);
  assert.deepEqual({ ...events[0], at: undefined }, { name: 'slow', state: 'firing', level: 'warning', expression: 'http_req_duration:p(95)>127', observed: 180, at: undefined });
  assert.equal(active[0]?.level, 'warning');
  step({ http_req_duration: 300 });
  step({ http_req_duration: 300 });
  assert.equal(events.length, 1, 'de-duplicated while it keeps firing');
  step({ http_req_duration: 90 });
  assert.equal(events.length, 2);
  assert.equal(events[1]?.state, 'resolved');
  assert.equal(events[1]?.level, 'warning');
});

test('a condition that stops holding before its for duration never fires', () => {
  const { step, events } = harness([{ name: 'slow', warning: 'http_req_duration:p(95)>127', for: '5m' }]);
  for (let i = 0; i < 4; i++) step({ http_req_duration: 200 });
  step({ http_req_duration: 100 });
  for (let i = 0; i < 4; i++) step({ http_req_duration: 200 });
  assert.equal(events.length, 0);
});

test('warning escalates to critical and back down', () => {
  const { step, events } = harness([{ name: 'latency', warning: 'http_req_duration:p(95)>127', critical: 'http_req_duration:p(95)>500', for: '1m' }]);
  step({ http_req_duration: 200 });
  step({ http_req_duration: 600 });
  step({ http_req_duration: 600 });
  step({ http_req_duration: 200 });
  step({ http_req_duration: 200 });
  assert.deepEqual(events.map((e) => [e.state, e.level, e.previousLevel]), [
    ['firing', 'warning', undefined],
    ['firing', 'critical', 'warning'],
    ['firing', 'warning', 'critical'],
  ]);
});

test('throttling holds back a flapping alert; no data neither fires nor resolves', () => {
  const { step, events, alerts } = harness([{ name: 'errors', critical: 'http_req_failed:rate>1%', throttle: '10m' }]);
  step({ http_req_failed: 0.05 });
  step({ http_req_failed: 0 });
  step({ http_req_failed: 0.05 });
  step({ http_req_failed: 0 });
  assert.deepEqual(events.map((e) => e.state), ['firing', 'resolved']);
  assert.deepEqual(alerts.suppressed(), { errors: 1 });
  step({ http_req_failed: 0.05 }, 10 * 60_000);
  assert.equal(events.length, 3);
  const active = step({});
  assert.equal(events.length, 3);
  assert.equal(active[0]?.name, 'errors');
});

test('invalid rules are rejected with the field named', () => {
  assert.throws(() => new AlertRules([{ name: 'x' }]), /alerts.x: .* expected a warning or critical expression/);
  assert.throws(() => new AlertRules([{ name: 'x', warning: 'p95 > 3' }]), /alerts.x.warning: got "p95 > 3"/);
  assert.throws(() => new AlertRules([{ name: 'x', warning: 'a:value>1', for: '5 minutes' }]), /alerts.x.for: got "5 minutes", expected a duration/);
  assert.throws(() => new AlertRules([{ name: 'x', warning: 'a:value>1' }, { name: 'x', warning: 'a:value>1' }]), /expected a unique rule name/);
});
