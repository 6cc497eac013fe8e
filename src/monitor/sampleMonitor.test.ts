import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../core/index.js';
import { Monitor } from './Monitor.js';
import { sampleMonitor } from './sampleMonitor.js';
import { serveMonitor } from './serveMonitor.js';

test('sampleMonitor collects the target monitor series as ServerPoints, without duplicates, through the token', async () => {
  const clock = new FakeClock();
  const monitor = new Monitor({ clock, token: 'tok', intervalMs: 1000 });
  const { url, close } = await serveMonitor(monitor);
  monitor.start();
  const startMs = clock.wallNow();
  const sampler = sampleMonitor(url, { token: 'tok', startMs, autoStart: false, clock });
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

test('sampleMonitor rejects a bad base URL, naming --monitor', () => {
  assert.throws(() => sampleMonitor('not a url'), /--monitor: got "not a url", expected the base URL/);
});
