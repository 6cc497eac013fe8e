import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { MetricRegistry } from './MetricRegistry.js';
import { RuntimeProbes } from './RuntimeProbes.js';

test('event-loop delay comes from monitorEventLoopDelay and shows a blocked loop; ELU and CPU rise with it', async () => {
  const registry = new MetricRegistry();
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
