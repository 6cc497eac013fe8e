import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Histogram, parseResult } from '../core/index.js';
import { runLoad } from './LoadRun.js';

test('closed model against a plain server: counts, series, histograms and a valid result file', async (t) => {
  let served = 0;
  let seen: IncomingHttpHeaders = {};
  const server = createServer((req, res) => {
    served++;
    seen = req.headers;
    setTimeout(() => res.end('{"ok":true}'), 2);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/users?page=2`;

  const result = await runLoad({
    url,
    vus: 4,
    durationMs: 1200,
    intervalMs: 400,
    headers: { Authorization: 'Bearer s3cret', 'X-Api-Key': 'k3y', Accept: 'application/json' },
    thresholds: ['http_req_duration:p(95)<500', 'http_req_failed:rate<0.01', 'http_reqs:count>10'],
  });

  const total = result.summary.total;
  assert.equal(result.status, 'completed');
  assert.equal(result.summary.model, 'closed');
  assert.match(result.summary.modelNote!, /closed model.*hide/);
  assert.ok(total.requests > 10, `requests ${total.requests}`);
  assert.equal(total.requests, served);
  assert.equal(total.statusCodes['200'], total.requests);
  assert.equal(total.errors.total, 0);
  assert.equal(result.summary.endpoints.length, 1);
  assert.equal(result.summary.endpoints[0]!.name, 'GET /api/users?page=2');
  assert.equal(result.summary.endpoints[0]!.requests, total.requests);
  assert.ok(total.latency.p50 >= 2 && total.latency.p50 < total.latency.max + 0.001);
  assert.ok(total.rps > 0);
  assert.ok(Math.abs(result.summary.durationMs - 1200) < 300, `duration ${result.summary.durationMs}`);
  assert.ok(result.thresholds.every((x) => x.ok), JSON.stringify(result.thresholds));

  // Series: one point per 400 ms interval, summing (about) to the total.
  assert.ok(result.series.points.length >= 3 && result.series.points.length <= 4, `points ${result.series.points.length}`);
  assert.equal(result.series.points[0]!.t, 0.4);
  assert.equal(result.series.points[0]!.vus, 4);
  const sum = result.series.points.reduce((a, p) => a + p.requests, 0);
  assert.ok(sum <= total.requests && sum >= total.requests - 8);

  // Histograms decode to the same counts.
  const h = Histogram.decode(result.histograms.total);
  assert.equal(h.count, total.requests);
  h.destroy();
  assert.ok(result.histograms.endpoints['GET /api/users?page=2']);

  // The real header went out; the result holds no secret.
  assert.equal(seen.authorization, 'Bearer s3cret');
  const text = JSON.stringify(result);
  assert.ok(!text.includes('s3cret') && !text.includes('k3y'));
  assert.deepEqual(result.config.headers, { Authorization: '[REDACTED]', 'X-Api-Key': '[REDACTED]', Accept: 'application/json' });

  // Valid against schema/result.v1.json.
  const parsed = parseResult(JSON.stringify(result), 'result.json');
  assert.equal(parsed.summary.total.requests, total.requests);
});

test('closed-model stages ramp VUs and the series shows it', async (t) => {
  const server = createServer((_req, res) => setTimeout(() => res.end('ok'), 5));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const result = await runLoad({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    stages: [
      { durationMs: 600, target: 6 },
      { durationMs: 600, target: 0 },
    ],
    intervalMs: 300,
  });
  const vus = result.series.points.map((p) => p.vus);
  assert.ok(vus.length >= 4, JSON.stringify(vus));
  assert.ok(vus[0]! >= 2 && vus[0]! <= 4, JSON.stringify(vus));
  assert.ok(vus[1]! >= 5, JSON.stringify(vus));
  assert.ok(vus[3]! <= 2, JSON.stringify(vus));
  assert.equal(result.config.vus, 6);
});

test('amount stops after N requests; a warm-up is not counted', async (t) => {
  let served = 0;
  const server = createServer((_req, res) => {
    served++;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const counted = await runLoad({ url, vus: 3, amount: 50 });
  assert.equal(counted.summary.total.requests, 50);
  assert.equal(served, 50);

  served = 0;
  const warmed = await runLoad({ url, vus: 2, warmupMs: 300, durationMs: 300 });
  assert.ok(warmed.summary.total.requests > 0);
  assert.ok(served > warmed.summary.total.requests + 5, `served ${served}, counted ${warmed.summary.total.requests}`);
  assert.equal(warmed.config.warmupMs, 300);
  assert.ok(Math.abs(warmed.summary.durationMs - 300) < 150);

  // With a warm-up, amount counts measured requests only.
  served = 0;
  const both = await runLoad({ url, vus: 2, warmupMs: 200, amount: 30 });
  assert.equal(both.summary.total.requests, 30);
  assert.ok(served > both.summary.total.requests);
});
