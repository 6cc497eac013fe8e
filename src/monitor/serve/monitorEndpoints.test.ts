import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FakeClock } from '../../core/index.js';
import { Monitor } from '../Monitor.js';
import { serveMonitor } from './serveMonitor.js';

test('with a token every endpoint answers 401 without it and 200 with it', async () => {
  const monitor = new Monitor({ runtime: false, token: 's3cret-s3cret-s3cret' });
  const { url, close } = await serveMonitor(monitor);
  try {
    monitor.tick();
    for (const path of ['/metrics', '/api/monitoring/metrics', '/api/performance/stats', '/api/monitoring/health', '/health/live', '/health/ready', '/loadline']) {
      const denied = await fetch(`${url}${path}`);
      assert.equal(denied.status, 401, path);
      assert.equal(denied.headers.get('www-authenticate'), 'Bearer realm="loadline"');
      await denied.arrayBuffer();
      const wrong = await fetch(`${url}${path}`, { headers: { authorization: 'Bearer s3cret-s3cret-s3cres' } });
      assert.equal(wrong.status, 401, path);
      await wrong.arrayBuffer();
      const allowed = await fetch(`${url}${path}`, { headers: { authorization: 'Bearer s3cret-s3cret-s3cret' } });
      assert.equal(allowed.status, 200, path);
      await allowed.arrayBuffer();
    }
    assert.equal((await fetch(`${url}/other`)).status, 404);
  } finally {
    await close();
    await monitor.stop();
  }
});

test('publicHealth leaves only the health endpoints open', async () => {
  const monitor = new Monitor({ runtime: false, token: 'publichealth-token', publicHealth: true });
  const { url, close } = await serveMonitor(monitor);
  try {
    assert.equal((await fetch(`${url}/health/ready`)).status, 200);
    assert.equal((await fetch(`${url}/metrics`)).status, 401);
  } finally {
    await close();
    await monitor.stop();
  }
});

test('JSON endpoints serve the latest sample, the history window and totals', async () => {
  const monitor = new Monitor({ runtime: false, intervalMs: 1000, historyWindowMs: 3000 });
  const { url, close } = await serveMonitor(monitor);
  try {
    monitor.http.record('GET', '/a', 200, 5);
    monitor.http.record('GET', '/a', 500, 15);
    monitor.tick();
    for (let i = 0; i < 5; i++) monitor.tick();
    monitor.http.record('GET', '/a', 200, 25);
    const latest = (await (await fetch(`${url}/api/monitoring/metrics`)).json()) as { sample: { http: { requests: number } } };
    assert.equal(latest.sample.http.requests, 0);
    const history = (await (await fetch(`${url}/api/monitoring/metrics?history`)).json()) as { samples: unknown[] };
    assert.equal(history.samples.length, 3, 'the ring keeps historyWindowMs / intervalMs samples');
    const stats = (await (await fetch(`${url}/api/performance/stats`)).json()) as { requests: number; errors: number; routes: Array<{ route: string; latency: { max: number } }> };
    assert.equal(stats.requests, 3);
    assert.equal(stats.errors, 1);
    assert.equal(stats.routes[0]?.route, '/a');
    assert.ok(Math.abs(stats.routes[0]!.latency.max - 25) < 0.05);
  } finally {
    await close();
    await monitor.stop();
  }
});

test('health endpoints answer 503 when a critical check fails and 200 when degraded', async () => {
  const clock = new FakeClock();
  const monitor = new Monitor({ clock, runtime: false, builtinChecks: false });
  let critical = true;
  monitor.registerCheck('db', () => !critical, { critical: true });
  monitor.registerCheck('cache', () => false, { critical: false });
  const { url, close } = await serveMonitor(monitor);
  try {
    const bad = await fetch(`${url}/health/ready`);
    assert.equal(bad.status, 503);
    assert.equal(((await bad.json()) as { status: string }).status, 'unhealthy');
    critical = false;
    clock.advance(monitor.healthCacheMs);
    const degraded = await fetch(`${url}/api/monitoring/health`);
    assert.equal(degraded.status, 200);
    assert.equal(((await degraded.json()) as { status: string }).status, 'degraded');
    assert.equal(((await (await fetch(`${url}/health/live`)).json()) as { checks: unknown[] }).checks.length, 0);
  } finally {
    await close();
    await monitor.stop();
  }
});

test('a heap snapshot is written through the protected endpoint, and refused without a token', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-heap-'));
  const open = new Monitor({ runtime: false });
  const protectedMonitor = new Monitor({ runtime: false, token: 'heap-snapshot-token', heapSnapshotDir: dir });
  const a = await serveMonitor(open);
  const b = await serveMonitor(protectedMonitor);
  try {
    assert.equal((await fetch(`${a.url}/api/monitoring/heap-snapshot`, { method: 'POST' })).status, 403);
    assert.equal((await fetch(`${b.url}/api/monitoring/heap-snapshot`, { method: 'POST' })).status, 401);
    assert.equal((await fetch(`${b.url}/api/monitoring/heap-snapshot`, { headers: { authorization: 'Bearer heap-snapshot-token' } })).status, 405);
    const res = await fetch(`${b.url}/api/monitoring/heap-snapshot`, { method: 'POST', headers: { authorization: 'Bearer heap-snapshot-token' } });
    assert.equal(res.status, 200);
    const { file } = (await res.json()) as { file: string };
    assert.ok(file.startsWith(dir) && file.endsWith('.heapsnapshot'));
    assert.ok(existsSync(file));
  } finally {
    await a.close();
    await b.close();
    await open.stop();
    await protectedMonitor.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
