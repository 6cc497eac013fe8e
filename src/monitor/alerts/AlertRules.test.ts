import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock, type Expression } from '../../core/index.js';
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

test('warning escalates to critical and back down (no throttle)', () => {
  const { step, events } = harness([{ name: 'latency', warning: 'http_req_duration:p(95)>127', critical: 'http_req_duration:p(95)>500', for: '1m', throttle: 0 }]);
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

test('a firing after a resolve is sent even inside the throttle window, and its resolve follows; no data neither fires nor resolves', () => {
  const { step, events, alerts } = harness([{ name: 'errors', critical: 'http_req_failed:rate>1%', throttle: '10m' }]);
  step({ http_req_failed: 0.05 });
  step({ http_req_failed: 0 });
  step({ http_req_failed: 0.05 });
  step({ http_req_failed: 0 });
  assert.deepEqual(events.map((e) => e.state), ['firing', 'resolved', 'firing', 'resolved']);
  assert.deepEqual(alerts.suppressed(), { errors: 0 });
  step({ http_req_failed: 0.05 });
  assert.equal(events.length, 5);
  const active = step({});
  assert.equal(events.length, 5);
  assert.equal(active[0]?.name, 'errors');
});

test('a critical firing two minutes after a warning resolved pages at once, and its resolve follows', () => {
  const { step, events } = harness([{ name: 'latency', warning: 'http_req_duration:p(95)>127', critical: 'http_req_duration:p(95)>500', throttle: '10m' }]);
  step({ http_req_duration: 200 });
  step({ http_req_duration: 90 });
  step({ http_req_duration: 900 }, 2 * 60_000);
  step({ http_req_duration: 90 });
  assert.deepEqual(events.map((e) => `${e.state}:${e.level}`), ['firing:warning', 'resolved:warning', 'firing:critical', 'resolved:critical']);
});

test('inside the throttle window a lower level is held back (a rule flapping between levels pages once per window); it is sent when the window ends', () => {
  const { step, events, alerts } = harness([{ name: 'latency', warning: 'http_req_duration:p(95)>127', critical: 'http_req_duration:p(95)>500', throttle: '10m' }]);
  step({ http_req_duration: 900 });
  step({ http_req_duration: 200 });
  step({ http_req_duration: 900 });
  step({ http_req_duration: 200 });
  assert.deepEqual(events.map((e) => `${e.state}:${e.level}`), ['firing:critical'], 'receivers still know it as critical');
  assert.deepEqual(alerts.suppressed(), { latency: 2 });
  const held = step({ http_req_duration: 200 }, 6 * 60_000);
  assert.equal(events.length, 1);
  assert.equal(held[0]?.level, 'warning', 'the state itself is not throttled');
  step({ http_req_duration: 200 }, 60_000);
  assert.deepEqual(events.map((e) => [e.state, e.level, e.previousLevel]), [
    ['firing', 'critical', undefined],
    ['firing', 'warning', 'critical'],
  ]);
  step({ http_req_duration: 90 });
  assert.deepEqual(events.slice(2).map((e) => `${e.state}:${e.level}`), ['resolved:warning']);
});

test('a rule that resolves while its lower level is held back resolves the level receivers know', () => {
  const { step, events } = harness([{ name: 'latency', warning: 'http_req_duration:p(95)>127', critical: 'http_req_duration:p(95)>500', throttle: '10m' }]);
  step({ http_req_duration: 900 });
  step({ http_req_duration: 200 });
  step({ http_req_duration: 90 });
  assert.deepEqual(events.map((e) => `${e.state}:${e.level}`), ['firing:critical', 'resolved:critical']);
});

test('a rule on a metric the monitor does not know is rejected, naming the metric and the known ones', () => {
  const known = { has: (name: string) => name === 'http_req_duration' || name === 'heap_used_bytes', names: () => ['http_req_duration', 'heap_used_bytes'] };
  assert.throws(
    () => new AlertRules([{ name: 'slow', warning: 'http_req_duration:p(95)>127', critical: 'http_req_durations:p(95)>500' }], new FakeClock(), known),
    /alerts.slow.critical: got "http_req_durations", expected a metric the monitor knows \(did you mean "http_req_duration"\?\): http_req_duration, heap_used_bytes/,
  );
  const rules = new AlertRules([], new FakeClock(), known);
  assert.throws(() => rules.add({ name: 'x', warning: 'nope_total:rate>1' }), /alerts.x.warning: got "nope_total", expected a metric the monitor knows: http_req_duration/);
  rules.add({ name: 'heap', warning: 'heap_used_bytes:value>1000' });
  assert.equal(rules.expressions().length, 1);
});

test('invalid rules are rejected with the field named', () => {
  assert.throws(() => new AlertRules([{ name: 'x' }]), /alerts.x: .* expected a warning or critical expression/);
  assert.throws(() => new AlertRules([{ name: 'x', warning: 'p95 > 3' }]), /alerts.x.warning: got "p95 > 3"/);
  assert.throws(() => new AlertRules([{ name: 'x', warning: 'a:value>1', for: '5 minutes' }]), /alerts.x.for: got "5 minutes", expected a duration/);
  assert.throws(() => new AlertRules([{ name: 'x', warning: 'a:value>1' }, { name: 'x', warning: 'a:value>1' }]), /expected a unique rule name/);
});
