import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

test('a stalling server times out the request and its pipelined followers once each; the connection is replaced', async (t) => {
  let connections = 0;
  const server = http.createServer((req, res) => {
    if (req.url === '/stall') return; // never answers
    res.end('fine');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.closeAllConnections());
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1, pipelining: 3, requestTimeoutMs: 2000 });
  t.after(() => pool.close());

  const calls: string[] = [];
  const stalled = send(pool, { method: 'GET', path: '/stall', timeoutMs: 100 }).then((r) => (calls.push('stall'), r));
  const behind = send(pool, { method: 'GET', path: '/after' }).then((r) => (calls.push('after'), r));
  const started = performance.now();
  const [a, b] = await Promise.all([stalled, behind]);
  const elapsed = performance.now() - started;
  assert.equal(a.error?.kind, 'timeout');
  assert.equal(a.error?.code, 'ETIMEDOUT');
  assert.equal(b.error?.kind, 'timeout', 'the request pipelined behind the stalled one fails with it');
  assert.ok(elapsed >= 95 && elapsed < 1900, `timed out after ${elapsed} ms: the spec's 100 ms, not the pool's 2000 ms`);
  assert.deepEqual(calls.sort(), ['after', 'stall']);

  const next = await send(pool, { method: 'GET', path: '/ok' });
  assert.equal(next.error, null);
  assert.equal(next.response!.status, 200);
  assert.equal(connections, 2, 'a fresh connection replaced the timed-out one');
});

test('a TLS handshake that never completes is a connect timeout', async (t) => {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => sockets.add(socket.on('error', () => {}))); // accepts TCP, never speaks TLS
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => silent.close());
  t.after(() => sockets.forEach((s) => s.destroy()));
  const pool = createPool(`https://127.0.0.1:${(silent.address() as AddressInfo).port}`, { connectTimeoutMs: 100 });
  t.after(() => pool.close());

  const { error } = await send(pool, { method: 'GET', path: '/' });
  assert.equal(error?.kind, 'timeout');
  assert.ok(error!.timings.connect + error!.timings.tls >= 90);
});
