import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { checkExposition } from './checkExposition.js';
import { Monitor } from '../Monitor.js';

function promtool(text: string): { status: number | null; output: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('/metrics of a busy monitor passes promtool check metrics (lint included) and the checks promtool skips', async () => {
  const monitor = new Monitor({ intervalMs: 1000 }).start();
  try {
    const methods = ['GET', 'POST', 'DELETE'];
    for (let r = 0; r < 50; r++) {
      for (const m of methods) {
        for (const status of [101, 200, 301, 404, 500]) monitor.http.record(m, `/api/r${r}/:id`, status, (r + 1) * 0.7);
      }
    }
    monitor.http.record('GET', '/weird "route"\\x', 200, 1);
    monitor.counter({ name: 'loadline_cache_hits_total', help: 'Cache hits.', labelNames: ['cache'] }).inc(3, { cache: 'users' });
    monitor.gauge({ name: 'loadline_pool_waiting', help: 'Clients waiting for a connection.', collect: () => 2 });
    monitor.histogram({ name: 'loadline_db_query_duration_seconds', help: 'Query duration.', labelNames: ['statement'] }).observe(0.004, { statement: 'select' });
    monitor.tick();
    const text = monitor.renderPrometheus();
    const result = promtool(text);
    assert.equal(result.status, 0, result.output);
    assert.equal(result.output.trim(), '');
    assert.deepEqual(checkExposition(text), []);
    assert.equal(text.split('\n').filter((l) => l.startsWith('http_request_duration_seconds_count')).length, 751);
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_external_memory_bytes', 'nodejs_heap_space_size_used_bytes', 'nodejs_version_info', 'http_requests_in_flight']) {
      assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), name);
    }
    assert.doesNotMatch(text, /nodejs_active_handles_total/);
  } finally {
    await monitor.stop();
  }
});

test('promtool does fail the lint this exposition avoids (the test can fail)', () => {
  const result = promtool('# HELP nodejs_active_handles_total x\n# TYPE nodejs_active_handles_total gauge\nnodejs_active_handles_total 3\n');
  assert.notEqual(result.status, 0);
  assert.match(result.output, /non-counter metrics should not have "_total" suffix/);
});
