import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { runLoad } from './LoadRun.js';

test('open model at a constant rate: iterations, rate in the series, nothing dropped', async (t) => {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const result = await runLoad({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, rate: 200, durationMs: 1000, intervalMs: 500 });
  assert.equal(result.summary.model, 'open');
  assert.match(result.summary.modelNote!, /intended start/);
  assert.equal(result.summary.total.requests, 200);
  assert.deepEqual(result.summary.iterations && { count: result.summary.iterations.count, dropped: result.summary.iterations.dropped }, { count: 200, dropped: 0 });
  assert.equal(result.series.points[0]!.rate, 200);
  // About 100 per 500 ms interval (responses land in the interval they complete in).
  assert.ok(Math.abs(result.series.points[0]!.requests - 100) <= 15, JSON.stringify(result.series.points));
});

test('a server stall shows in the open model percentiles (latency from the intended start)', async (t) => {
  // The server answers at once, except requests arriving in [400, 700) ms, all held until 700 ms.
  const start = performance.now();
  const held: Array<() => void> = [];
  const server = createServer((_req, res) => {
    const at = performance.now() - start;
    if (at >= 400 && at < 700) {
      held.push(() => res.end('late'));
      if (held.length === 1) setTimeout(() => held.splice(0).forEach((f) => f()), 700 - at);
    } else res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const result = await runLoad({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, rate: 100, durationMs: 1000, vus: 100, connections: 4, thresholds: ['http_req_duration:p(99)<100'] });
  const lat = result.summary.total.latency;
  // About 30 of 100 requests waited, up to 300 ms; a closed loop would have sent only a handful.
  assert.ok(lat.p90 >= 100, `p90 ${lat.p90}`);
  assert.ok(lat.p99 >= 200, `p99 ${lat.p99}`);
  assert.equal(result.thresholds[0]!.ok, false);
  assert.equal(result.summary.iterations!.dropped, 0);
});

test('arrivals beyond max in flight are dropped and counted', async (t) => {
  const server = createServer((_req, res) => setTimeout(() => res.end('ok'), 200));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const result = await runLoad({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, rate: 100, durationMs: 600, vus: 5, thresholds: ['dropped_iterations:count==0'] });
  const it = result.summary.iterations!;
  assert.ok(it.dropped >= 30, JSON.stringify(it));
  assert.equal(it.count + it.dropped, 60);
  assert.equal(result.thresholds[0]!.ok, false);
  assert.ok(result.series.points.some((p) => (p.dropped ?? 0) > 0));
});

test('https target with a self-signed certificate: refused as tls unless insecure', async (t) => {
  const dir = new URL('../../test/fixtures/tls/', import.meta.url);
  const server = createHttpsServer({ cert: readFileSync(new URL('cert.pem', dir)), key: readFileSync(new URL('key.pem', dir)) }, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const strict = await runLoad({ url, rate: 50, durationMs: 200 });
  assert.ok(strict.summary.total.errors.byKind.tls > 0, JSON.stringify(strict.summary.total.errors));
  const insecure = await runLoad({ url, rate: 50, durationMs: 200, insecure: true });
  assert.equal(insecure.summary.total.statusCodes['200'], 10);
  assert.ok(insecure.summary.total.timings!.tls >= 0);
});
