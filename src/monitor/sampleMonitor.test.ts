import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../core/index.js';
import { Monitor } from './Monitor.js';
import { summarizeWorkers, type WorkerRuntime } from './cluster/ClusterView.js';
import type { MonitorSample } from './MonitorSample.js';
import { sampleMonitor, toServerPoint } from './sampleMonitor.js';
import { serveMonitor } from './serve/serveMonitor.js';

test('sampleMonitor collects the target monitor series as ServerPoints, without duplicates, through the token', async () => {
  const clock = new FakeClock();
  const monitor = new Monitor({ clock, token: 'sample-monitor-token', intervalMs: 1000 });
  const { url, close } = await serveMonitor(monitor);
  monitor.start();
  const startMs = clock.wallNow();
  const sampler = sampleMonitor(url, { token: 'sample-monitor-token', startMs, autoStart: false, clock });
  const noToken = sampleMonitor(url, { token: '', autoStart: false, clock });
  try {
    monitor.http.record('GET', '/x', 200, 12);
    clock.advance(3000);
    await sampler.poll();
    assert.deepEqual(sampler.points.map((p) => p.t), [1, 2, 3]);
    const first = sampler.points[0]!;
    assert.equal(first.serverRps, 1);
    for (const key of ['eventLoopDelayP99Ms', 'eventLoopUtilization', 'cpuPercent', 'heapUsedBytes', 'rssBytes', 'gcPauseMs'] as const) {
      assert.equal(typeof first[key], 'number', key);
    }
    assert.ok(first.heapUsedBytes! > 1e6);
    clock.advance(2000);
    await sampler.poll();
    await sampler.poll();
    assert.deepEqual(sampler.points.map((p) => p.t), [1, 2, 3, 4, 5]);
    await noToken.poll();
    assert.equal(noToken.errors, 1);
    assert.equal(noToken.points.length, 0);
    clock.advance(1000);
    const all = await sampler.stop();
    assert.equal(all.length, 6);
  } finally {
    await noToken.stop();
    await close();
    await monitor.stop();
  }
});

test('sampleMonitor rejects a bad base URL, naming the baseUrl argument (never a CLI flag)', () => {
  assert.throws(() => sampleMonitor('not a url'), /\bbaseUrl: got "not a url", expected the base URL/);
});

test("from a cluster primary's sample, the server point takes the workers' figures: the worst event loop, memory, CPU and GC summed", () => {
  const monitor = new Monitor({ intervalMs: 1000 });
  try {
    const own = monitor.tick();
    const runtime = own.runtime!;
    const workers: WorkerRuntime[] = [
      { pid: 11, reportedAt: own.t, runtime: { ...runtime, eventLoopDelay: { ...runtime.eventLoopDelay, p99: 40 }, eventLoopUtilization: 0.9, cpuPercent: 80, heapUsedBytes: 50e6, rssBytes: 120e6, gc: { count: 1, pauseMs: 3, byKind: {} } } },
      { pid: 12, reportedAt: own.t, runtime: { ...runtime, eventLoopDelay: { ...runtime.eventLoopDelay, p99: 12 }, eventLoopUtilization: 0.3, cpuPercent: 30, heapUsedBytes: 20e6, rssBytes: 90e6, gc: { count: 1, pauseMs: 2, byKind: {} } } },
      { pid: 13, reportedAt: own.t, runtime: null },
    ];
    const sample: MonitorSample = { ...own, cluster: { workers, summary: summarizeWorkers(workers) } };
    const point = toServerPoint(sample, own.t - 2000);
    assert.deepEqual(
      { ...point },
      { t: 2, eventLoopDelayP99Ms: 40, eventLoopUtilization: 0.9, cpuPercent: 110, heapUsedBytes: 70e6, rssBytes: 210e6, gcPauseMs: 5, workers: 2, serverRps: own.http.rps, serverP99Ms: own.http.latency.p99, serverErrorRate: own.http.errorRate, inFlight: own.http.inFlight },
    );
    assert.equal(toServerPoint(own, own.t).heapUsedBytes, runtime.heapUsedBytes, "without a cluster, the process's own figures");
  } finally {
    void monitor.stop();
  }
});
