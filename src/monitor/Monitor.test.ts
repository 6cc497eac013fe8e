import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { FakeClock, isLoadlineError } from '../core/index.js';
import type { AlertEvent } from './alerts/AlertRules.js';
import { createMonitor } from './createMonitor.js';
import { Monitor } from './Monitor.js';

test('invalid options are rejected with the field named', () => {
  assert.throws(() => new Monitor({ intervalMs: 0 }), /intervalMs: got 0, expected an integer at least 10/);
  assert.throws(() => new Monitor({ historyWindowMs: 10, intervalMs: 1000 }), /historyWindowMs: got 10/);
  assert.throws(() => new Monitor({ intervall: 5 } as never), /intervall: expected no such option/);
  assert.throws(() => new Monitor({ http: { buckets: [] } }), /http.buckets: got \[\]/);
  assert.throws(() => new Monitor({ http: { maxRoutes: -1 } }), /http.maxRoutes: got -1/);
  assert.throws(() => new Monitor({ alerts: [{ name: 'a', warning: 'nope' }] }), /alerts.a.warning: got "nope"/);
  assert.throws(() => new Monitor({ webhook: 'not a url' }), /webhook.url: got "not a url"/);
  assert.throws(() => new Monitor({ slos: [{ name: 's', objective: 'x:value<1' }] }), /slos.s.objective/);
  assert.throws(() => new Monitor({ onAlert: 3 as never }), /onAlert: got 3, expected a function/);
  assert.throws(() => new Monitor({ leak: { windowMs: -1 } }), /leak.windowMs: got -1/);
});

test('ticks on its clock, keeps a bounded history, and stops cleanly', async () => {
  const clock = new FakeClock();
  const monitor = createMonitor({ clock, intervalMs: 1000, historyWindowMs: 5000, runtime: false });
  clock.advance(12_000);
  assert.equal(monitor.history().length, 5);
  assert.equal(monitor.latest()?.intervalMs, 1000);
  await monitor.stop();
  assert.equal(clock.pending, 0);
  clock.advance(5000);
  assert.equal(monitor.history().length, 5);
  assert.throws(() => monitor.tick(), (e: unknown) => isLoadlineError(e, 'LOADLINE_MONITOR_STOPPED'));
});

test('metrics registered through the sink appear in the sample, and alert rules read them', () => {
  const clock = new FakeClock();
  const events: AlertEvent[] = [];
  const monitor = new Monitor({ clock, runtime: false, onAlert: (e) => events.push(e) });
  let ratio = 0.9;
  monitor.gauge({ name: 'loadline_cache_hit_ratio', help: 'Hit ratio.', labelNames: ['cache'], collect: () => [{ labels: { cache: 'users' }, value: ratio }] });
  const evictions = monitor.counter({ name: 'loadline_cache_evictions_total', help: 'Evictions.' });
  const queries = monitor.histogram({ name: 'loadline_db_query_duration_seconds', help: 'Query time.' });
  // rules on sink metrics go in once the metrics are registered
  monitor.alerts.add({ name: 'cache-hit-rate', warning: 'loadline_cache_hit_ratio{cache:users}:value<70%', for: '15m' });
  monitor.alerts.add({ name: 'evictions', critical: 'loadline_cache_evictions_total:rate>10' });
  monitor.alerts.add({ name: 'slow-queries', warning: 'loadline_db_query_duration_seconds:p(95)>0.5' });
  clock.advance(1000);
  const first = monitor.tick();
  assert.deepEqual(first.metrics, { 'loadline_cache_hit_ratio{cache="users"}': 0.9, loadline_cache_evictions_total: 0, loadline_db_query_duration_seconds_count: 0 });
  ratio = 0.5;
  for (let m = 0; m < 16; m++) {
    clock.advance(60_000);
    monitor.tick();
  }
  assert.deepEqual(events.map((e) => e.name), ['cache-hit-rate']);
  evictions.inc(60 * 20);
  for (let i = 0; i < 20; i++) queries.observe(0.8);
  clock.advance(60_000);
  monitor.tick();
  assert.deepEqual(events.map((e) => `${e.name}:${e.level}`), ['cache-hit-rate:warning', 'evictions:critical', 'slow-queries:warning']);
  assert.ok(Math.abs((events[1]!.observed ?? 0) - 20) < 1e-9, 'counter rate is per second over the interval');
  clock.advance(60_000);
  monitor.tick();
  assert.deepEqual(events.slice(3).map((e) => `${e.name}:${e.state}`), ['evictions:resolved']);
});

test('an alert rule on a metric the monitor does not know is a start-up error naming the metric and the known ones', () => {
  assert.throws(
    () => new Monitor({ runtime: false, alerts: [{ name: 'slow', warning: 'http_req_durations:p(95)>127' }] }),
    (e: unknown) =>
      isLoadlineError(e, 'LOADLINE_INVALID_OPTION') &&
      e.message.startsWith('alerts.slow.warning: got "http_req_durations", expected a metric the monitor knows (did you mean "http_req_duration"?): ') &&
      /\bevent_loop_delay\b/.test(e.message) &&
      /\bhttp_requests_aborted_total\b/.test(e.message),
  );
  assert.throws(() => new Monitor({ runtime: false, alerts: [{ name: 'c', critical: 'loadline_cache_evictions_total:rate>10' }] }), /alerts.c.critical: got "loadline_cache_evictions_total"/);
  // the HTTP histogram family is read through http_req_duration, never by its Prometheus name
  assert.throws(() => new Monitor({ runtime: false, alerts: [{ name: 'h', warning: 'http_request_duration_seconds:p(95)>0.1' }] }), /did you mean "http_req_duration"/);
  const monitor = new Monitor({ runtime: false, alerts: [{ name: 'inflight', warning: 'http_requests_in_flight:value>100' }, { name: 'aborts', warning: 'http_requests_aborted_total:rate>1' }] });
  monitor.counter({ name: 'loadline_cache_evictions', help: 'Evictions.' });
  monitor.alerts.add({ name: 'evictions', critical: 'loadline_cache_evictions:rate>10' });
  assert.equal(monitor.alerts.expressions().length, 3);
});

test('latency alerts and SLOs read the HTTP interval; alert events reach a webhook', async () => {
  const received: AlertEvent[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body) as AlertEvent);
      res.end();
      receiver.emit('got');
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const clock = new FakeClock();
  const monitor = new Monitor({
    clock,
    runtime: false,
    webhook: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`,
    alerts: [{ name: 'p95', warning: 'http_req_duration:p(95)>127', critical: 'http_req_duration{route:/slow}:p(99)>1s', for: '5m' }],
    slos: [{ name: 'latency', objective: 'http_req_duration:p(90)<100', window: '1h', burnRateWindow: '5m' }],
  });
  try {
    for (let m = 0; m < 6; m++) {
      for (let i = 0; i < 80; i++) monitor.http.record('GET', '/fast', 200, 20);
      for (let i = 0; i < 20; i++) monitor.http.record('GET', '/slow', 200, 1500);
      clock.advance(60_000);
      monitor.tick();
    }
    await once(receiver, 'got');
    assert.equal(received[0]?.level, 'critical');
    assert.equal(received[0]?.expression, 'http_req_duration{route:/slow}:p(99)>1s');
    const slo = monitor.latest()!.slos[0]!;
    assert.equal(slo.total, 600);
    assert.equal(slo.good, 480);
    assert.ok(Math.abs(slo.burnRate - 2) < 1e-9, String(slo.burnRate));
    assert.equal(monitor.latest()!.alerts[0]?.level, 'critical');
  } finally {
    await monitor.stop();
    receiver.close();
  }
});

test('the monitor grows no WebAssembly memory in the host process: V8\'s ArrayBufferDetaching protector stays intact', async () => {
  // Detaching any ArrayBuffer (as growing WASM memory does) slows every typed-array access in
  // node's own code for the rest of the process. A child node traces protector invalidations
  // while the monitor records 300 routes over six decades of latency, closes intervals, answers
  // /api/performance/stats and passes cluster deltas from a worker's metrics to a primary's.
  const { spawnSync } = await import('node:child_process');
  const script = `
    const { createMonitor, performanceStats, HttpMetrics } = await import(${JSON.stringify(new URL('./index.js', import.meta.url).href)});
    const monitor = createMonitor({ runtime: false, intervalMs: 3_600_000, historyWindowMs: 3_600_000, http: { maxRoutes: 300 } });
    const primary = new HttpMetrics({ maxRoutes: 300 });
    for (let interval = 0; interval < 6; interval++) {
      for (let i = 0; i < 60_000; i++) monitor.http.record('GET', '/r' + (i % 300), 200, Math.exp(((i * 7919 + interval) % 1000) / 72) / 1000);
      monitor.tick();
      performanceStats(monitor);
      primary.applyDelta(monitor.http.drainDelta());
    }
    primary.closeInterval(1000);
    console.log('served', monitor.http.routes().length, primary.routes().length);
    await monitor.stop();`;
  const child = spawnSync(process.execPath, ['--trace-protector-invalidation', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /served 300 300/);
  assert.doesNotMatch(child.stdout, /ArrayBufferDetaching/);
});
