import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

test('sequential requests reuse one keep-alive connection; only the first pays connect time', async (t) => {
  let connections = 0;
  const server = http.createServer((req, res) => res.end(`you asked for ${req.url}`));
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 4 });
  t.after(() => pool.close());

  for (let i = 0; i < 20; i++) {
    const { error, response } = await send(pool, { method: 'GET', path: `/item/${i}`, captureBody: true });
    assert.equal(error, null);
    assert.equal(response!.status, 200);
    assert.equal(response!.body!.toString(), `you asked for /item/${i}`);
    assert.equal(response!.headers['content-length'], String(`you asked for /item/${i}`.length));
    assert.ok(response!.bytes > response!.body!.length);
    if (i === 0) assert.ok(response!.timings.connect > 0);
    else assert.equal(response!.timings.connect, 0);
  }
  assert.equal(connections, 1);
  assert.equal(pool.inFlight, 0);
  assert.equal(pool.queued, 0);
});

test('concurrent requests beyond the connection count queue and all complete on at most N connections', async (t) => {
  let connections = 0;
  const server = http.createServer((_req, res) => setTimeout(() => res.end('ok'), 5));
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 3 });
  t.after(() => pool.close());

  const spec = { method: 'GET', path: '/' };
  const all = Array.from({ length: 30 }, () => send(pool, spec));
  assert.equal(pool.queued, 30);
  const results = await Promise.all(all);
  assert.ok(results.every((r) => r.error === null && r.response!.status === 200));
  assert.equal(connections, 3);
  assert.ok(results.some((r) => r.response!.timings.blocked > 0), 'queued requests report blocked time');
});
