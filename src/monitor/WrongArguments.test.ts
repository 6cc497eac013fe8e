import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { isLoadlineError } from '../core/index.js';
import { monitorExpress } from './http/monitorExpress.js';
import { monitorFastify } from './http/monitorFastify.js';
import { gracefulShutdown } from './health/gracefulShutdown.js';
import { Monitor } from './Monitor.js';
import { monitorHttp } from './http/monitorHttp.js';
import { sampleMonitor } from './sampleMonitor.js';
import { serveDashboard } from './serve/serveDashboard.js';
import { serveMonitor } from './serve/serveMonitor.js';

const coded = (field: string) => (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && e.message.startsWith(`${field}: got `);

test('a missing server or monitor is refused at the call, naming the argument, before any signal listener is added', async () => {
  const monitor = new Monitor({ runtime: false });
  const server = createServer();
  const listeners = process.listenerCount('SIGTERM');
  try {
    assert.throws(() => gracefulShutdown(undefined as never, monitor), coded('server'));
    assert.throws(() => gracefulShutdown({} as never, monitor), /server: got \{\}, expected a node:http or node:https Server/);
    assert.throws(() => gracefulShutdown(server, undefined as never), coded('monitor'));
    assert.throws(() => gracefulShutdown(server, monitor, { signals: 'SIGTERM' as never }), coded('signals'));
    assert.throws(() => gracefulShutdown(server, monitor, { onClosed: 'exit' as never }), coded('onClosed'));
    assert.equal(process.listenerCount('SIGTERM'), listeners, 'nothing left behind to crash at SIGTERM');
    assert.throws(() => monitorExpress(undefined as never), coded('monitor'));
    assert.throws(() => monitorExpress({ http: {} } as never), /monitor: got .*, expected a Monitor from createMonitor/);
    assert.throws(() => monitorFastify(undefined as never), coded('monitor'));
    assert.throws(() => monitorHttp(undefined as never, () => {}), coded('monitor'));
    await assert.rejects(serveMonitor(undefined as never), coded('monitor'));
  } finally {
    await monitor.stop();
  }
});

test('serveDashboard and sampleMonitor name their option fields, never a CLI flag (the CLI maps fields to flags)', async () => {
  const field = (name: string) => (e: unknown) => coded(name)(e) && isLoadlineError(e) && e.details.field === name;
  await assert.rejects(serveDashboard({ target: 'ftp://x' }), field('target'));
  await assert.rejects(serveDashboard({ target: 5 as never }), field('target'));
  await assert.rejects(serveDashboard({ target: 'http://127.0.0.1:1', port: 70_000 }), field('port'));
  await assert.rejects(serveDashboard({ target: 'http://127.0.0.1:1', host: 1 as never }), field('host'));
  assert.throws(() => sampleMonitor('not a url'), field('baseUrl'));
});

test('counters and histograms refuse Infinity, NaN (and counters negatives) at the call; gauges keep them and the text exposition spells them +Inf, -Inf, NaN', () => {
  const monitor = new Monitor({ runtime: false, builtinChecks: false });
  const jobs = monitor.counter({ name: 'jobs_done', help: 'Jobs.' });
  const took = monitor.histogram({ name: 'job_seconds', help: 'Job time.', buckets: [1] });
  const ratio = monitor.gauge({ name: 'hit_ratio', help: 'Hits per lookup.', labelNames: ['cache'] });
  try {
    for (const bad of [Number.POSITIVE_INFINITY, Number.NaN, -1]) {
      assert.throws(() => jobs.inc(bad), (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && e.message.startsWith(`jobs_done_total.inc(value): got ${String(bad)}, expected a finite number at least 0`), String(bad));
    }
    for (const bad of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
      assert.throws(() => took.observe(bad), (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && e.message.startsWith(`job_seconds.observe(value): got ${String(bad)}, expected a finite number`), String(bad));
    }
    jobs.inc(2);
    took.observe(0.5);
    ratio.set(Number.POSITIVE_INFINITY, { cache: 'a' });
    ratio.set(Number.NEGATIVE_INFINITY, { cache: 'b' });
    ratio.set(Number.NaN, { cache: 'c' });
    const text = monitor.renderPrometheus();
    assert.match(text, /^jobs_done_total 2$/m);
    assert.match(text, /^job_seconds_sum 0\.5$/m);
    assert.match(text, /^hit_ratio\{cache="a"\} \+Inf$/m);
    assert.match(text, /^hit_ratio\{cache="b"\} -Inf$/m);
    assert.match(text, /^hit_ratio\{cache="c"\} NaN$/m);
    // JSON has no such numbers: the sample carries null for them (documented).
    const metrics = JSON.parse(JSON.stringify(monitor.tick().metrics)) as Record<string, number | null>;
    assert.equal(metrics['hit_ratio{cache="a"}'], null);
  } finally {
    void monitor.stop();
  }
});
