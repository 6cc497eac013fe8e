import assert from 'node:assert/strict';
import { test } from 'node:test';
import client from 'prom-client';
import { checkExposition } from './checkExposition.js';
import { Monitor } from '../Monitor.js';
import { registerWithPromClient } from './promClientBridge.js';

test("the monitor's metrics register into a user's prom-client registry", async () => {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const own = new client.Counter({ name: 'app_logins_total', help: 'Logins.', registers: [registry] });
  own.inc();
  const monitor = new Monitor({ runtime: true });
  try {
    monitor.http.record('GET', '/users/:id', 200, 12);
    monitor.counter({ name: 'loadline_cache_hits_total', help: 'Hits.', labelNames: ['cache'] }).inc(4, { cache: 'users' });
    monitor.tick();
    const added = registerWithPromClient(monitor, registry);
    assert.ok(added.includes('http_request_duration_seconds'));
    assert.ok(!added.includes('process_cpu_user_seconds_total'), 'names prom-client already has are skipped');
    assert.deepEqual(registerWithPromClient(monitor, registry), [], 'idempotent');
    const text = await registry.metrics();
    assert.match(text, /^app_logins_total 1$/m);
    assert.match(text, /^loadline_cache_hits_total\{cache="users"\} 4$/m);
    assert.match(text, /^http_request_duration_seconds_bucket\{method="GET",route="\/users\/:id",status_code="2xx",le="0.025"\} 1$/m);
    assert.match(text, /^http_request_duration_seconds_count\{method="GET",route="\/users\/:id",status_code="2xx"\} 1$/m);
    assert.deepEqual(checkExposition(text), []);
  } finally {
    await monitor.stop();
  }
});
