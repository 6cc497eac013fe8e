import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

test('a connection destroyed mid-response fails its requests as reset, once each, and is replaced', async (t) => {
  let connections = 0;
  const server = http.createServer((req, res) => {
    if (req.url === '/reset') {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => req.socket.resetAndDestroy(), 10);
      return;
    }
    res.end('ok');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1, pipelining: 4 });
  t.after(() => pool.close());

  let callbacks = 0;
  const counted = (spec: RequestSpec) => send(pool, spec).then((r) => (callbacks++, r));
  const results = await Promise.all([counted({ method: 'GET', path: '/reset' }), counted({ method: 'GET', path: '/a' }), counted({ method: 'GET', path: '/b' })]);
  assert.equal(results[0]!.error?.kind, 'reset');
  for (const r of results.slice(1)) assert.ok(r.error?.kind === 'reset' || r.response?.status === 200);
  assert.equal(callbacks, 3);
  assert.equal(pool.inFlight, 0);

  const next = await send(pool, { method: 'GET', path: '/ok' });
  assert.equal(next.error, null);
  assert.equal(connections, 2);
});

test('a clean close in the middle of a body is a reset too (ERR_PREMATURE_CLOSE)', async (t) => {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-length': '100' });
    res.write('partial', () => req.socket.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  t.after(() => pool.close());

  const { error } = await send(pool, { method: 'GET', path: '/' });
  assert.equal(error?.kind, 'reset');
  assert.equal(error?.code, 'ERR_PREMATURE_CLOSE');
});
