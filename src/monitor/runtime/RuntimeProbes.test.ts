import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { PrometheusRegistry } from '../exposition/PrometheusRegistry.js';
import { eventLoopDelayMs, RuntimeProbes } from './RuntimeProbes.js';

test('event-loop delay comes from monitorEventLoopDelay and shows a blocked loop; ELU and CPU rise with it', async () => {
  const registry = new PrometheusRegistry();
  const probes = new RuntimeProbes(registry, { eventLoopResolutionMs: 10 });
  probes.start();
  try {
    probes.sample();
    // Block the loop for 120 ms, twice, letting the histogram's timer observe each block.
    for (let i = 0; i < 2; i++) {
      const until = performance.now() + 120;
      while (performance.now() < until);
      await delay(20);
    }
    const s = probes.sample();
    assert.ok(s.eventLoopDelay.max >= 100, `max ${s.eventLoopDelay.max}`);
    assert.ok(s.eventLoopDelay.p99 >= 100, `p99 ${s.eventLoopDelay.p99}`);
    assert.ok(s.eventLoopUtilization > 0.3, `elu ${s.eventLoopUtilization}`);
    // CPU share is lower when the machine is busy and the busy loop gets preempted; it still shows.
    assert.ok(s.cpuPercent > 10, `cpu ${s.cpuPercent}`);
    assert.ok(s.heapUsedBytes > 0 && s.heapLimitBytes > s.heapUsedBytes && s.rssBytes > s.heapUsedBytes);
    assert.ok(s.activeResources >= 1);
    // the exposition reports the last interval, not the time a scrape took
    assert.match(registry.render(), /^nodejs_eventloop_lag_max_seconds 0\.1\d*/m);
    const quiet = probes.sample();
    assert.ok(quiet.eventLoopDelay.max < 100, 'the histogram resets each interval');
  } finally {
    probes.stop();
  }
});

test('event-loop delay counts what comes on top of the sampling period: an idle loop reads near 0, not the 10 ms resolution', async () => {
  const registry = new PrometheusRegistry();
  const probes = new RuntimeProbes(registry, { eventLoopResolutionMs: 10 });
  probes.start();
  try {
    probes.sample();
    // An idle loop for about 30 of the histogram's 10 ms samples (real time: this is what is measured).
    await delay(300);
    const idle = probes.sample().eventLoopDelay;
    assert.ok(idle.p50 < 5, `idle p50 ${idle.p50} ms`);
    assert.ok(idle.min < 2, `idle min ${idle.min} ms`);
    assert.match(registry.render(), /^nodejs_eventloop_lag_p50_seconds 0\.00[0-4]/m);
  } finally {
    probes.stop();
  }
});

test('eventLoopDelayMs subtracts the resolution from each statistic, never below 0, and keeps the spread', () => {
  const h = { count: 4, min: 10.5e6, max: 130e6, mean: 40e6, stddev: 5e6, percentile: (p: number) => (p <= 50 ? 10.25e6 : p <= 90 ? 20e6 : 130e6) };
  assert.deepEqual(eventLoopDelayMs(h, 10), { min: 0.5, mean: 30, stddev: 5, p50: 0.25, p90: 10, p99: 120, max: 120 });
  const early = { ...h, min: 9.9e6, percentile: () => 9.9e6 };
  assert.equal(eventLoopDelayMs(early, 10).min, 0, 'a timer that fired a hair early is no negative delay');
  assert.deepEqual(eventLoopDelayMs({ ...h, count: 0 }, 10), { min: 0, mean: 0, stddev: 0, p50: 0, p90: 0, p99: 0, max: 0 });
});
