import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseResult } from '../core/index.js';
import { runLoad } from './LoadRun.js';

async function serve(t: { after(fn: () => unknown): void }, handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

test('5xx and 4xx responses are counted by kind and fail http_req_failed unless expected', async (t) => {
  let n = 0;
  const url = await serve(t, (_req, res) => {
    res.statusCode = n++ % 2 ? 503 : 404;
    res.end('no');
  });
  const result = await runLoad({ url, vus: 2, amount: 40, thresholds: ['http_req_failed:rate<0.01'] });
  const total = result.summary.total;
  assert.equal(total.errors.byKind.http5xx, 20);
  assert.equal(total.errors.byKind.http4xx, 20);
  assert.equal(total.statusCodes['503'], 20);
  assert.equal(result.summary.errorRate, 1);
  assert.equal(result.thresholds[0]!.ok, false);

  const expected = await runLoad({ url, vus: 2, amount: 40, expectStatus: [404, 503], thresholds: ['http_req_failed:rate<0.01'] });
  assert.equal(expected.summary.errorRate, 0);
  assert.equal(expected.summary.total.errors.total, 0);
  assert.equal(expected.thresholds[0]!.ok, true);
});

test('an unreachable target is not a crash: the run completes with refused errors counted', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const result = await runLoad({ url: `http://127.0.0.1:${port}/`, vus: 2, durationMs: 300, thresholds: ['http_req_failed:rate<0.5'] });
  assert.equal(result.status, 'completed');
  assert.ok(result.summary.total.errors.byKind.refused > 0);
  assert.equal(result.summary.total.errors.total, result.summary.total.requests);
  assert.equal(result.thresholds[0]!.ok, false);
  parseResult(JSON.stringify(result), 'r.json');
});

test('a server resetting connections mid-response: resets counted, the run goes on', async (t) => {
  let n = 0;
  const url = await serve(t, (_req, res) => {
    if (n++ % 3 === 0) {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setImmediate(() => res.socket?.destroy());
    } else res.end('ok');
  });
  const result = await runLoad({ url, vus: 2, amount: 60 });
  const total = result.summary.total;
  assert.ok(total.errors.byKind.reset >= 15, JSON.stringify(total.errors));
  assert.ok((total.statusCodes['200'] ?? 0) >= 30);
  assert.equal(total.requests, 60);
});

test('a stalling server: requests time out and count as timeout', async (t) => {
  const url = await serve(t, (req, res) => {
    if (req.url === '/fast') res.end('ok');
    // else never answer
  });
  const result = await runLoad({ url, vus: 2, durationMs: 300, timeoutMs: 150, gracefulStopMs: 300 });
  const total = result.summary.total;
  assert.ok(total.errors.byKind.timeout >= 2, JSON.stringify(total.errors));
  assert.ok(total.latency.max >= 140, `max ${total.latency.max}`);
});

test('chunked responses and slow bodies are read to the end', async (t) => {
  const url = await serve(t, (_req, res) => {
    res.write('a'.repeat(1000));
    setTimeout(() => res.end('b'.repeat(1000)), 20);
  });
  const result = await runLoad({ url, vus: 2, amount: 10 });
  const total = result.summary.total;
  assert.equal(total.statusCodes['200'], 10);
  assert.ok(total.bytesReceived! >= 20_000);
  assert.ok(total.latency.p50 >= 19, `p50 ${total.latency.p50}`);
  assert.ok(total.timings!.receive >= 15, JSON.stringify(total.timings));
});

test('a name that does not resolve counts as dns errors', async () => {
  const result = await runLoad({ url: 'http://loadline-test.invalid/', vus: 1, durationMs: 200 });
  assert.ok(result.summary.total.errors.byKind.dns > 0, JSON.stringify(result.summary.total.errors));
  assert.equal(result.summary.total.errors.total, result.summary.total.requests);
});

test('closed model against a refused port: each VU backs off, so iterations stay few, all counted as refused', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const result = await runLoad({ url: `http://127.0.0.1:${port}/`, vus: 4, durationMs: 1500 });
  const total = result.summary.total;
  // Per VU: starts at 0, 5, 15, 35, ... 1275 ms plus connect time, so at most 9 in 1.5 s; without the
  // backoff a refused connect takes well under a millisecond and each VU loops thousands of times.
  assert.ok(total.requests >= 4 && total.requests <= 4 * 10, `requests ${total.requests}`);
  assert.equal(total.errors.byKind.refused, total.requests);
  assert.equal(result.status, 'completed');
});
