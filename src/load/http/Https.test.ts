import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

const fixtures = new URL('../../../test/fixtures/tls/', import.meta.url);
const cert = readFileSync(new URL('cert.pem', fixtures));
const key = readFileSync(new URL('key.pem', fixtures));

async function startServer(t: { after(fn: () => unknown): void }): Promise<number> {
  const server = https.createServer({ cert, key }, (req, res) => res.end(`secure ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  return (server.address() as AddressInfo).port;
}

test('https against a self-signed server trusted through `ca`: keep-alive, and TLS time on the first request only', async (t) => {
  const port = await startServer(t);
  for (const origin of [`https://localhost:${port}`, `https://127.0.0.1:${port}`]) {
    const pool = createPool(origin, { ca: cert, connections: 1 });
    t.after(() => pool.close());
    const first = await send(pool, { method: 'GET', path: '/a', captureBody: true });
    assert.equal(first.error, null, origin);
    assert.equal(first.response!.body!.toString(), 'secure /a');
    assert.ok(first.response!.timings.tls > 0);
    const second = await send(pool, { method: 'GET', path: '/b', captureBody: true });
    assert.equal(second.response!.body!.toString(), 'secure /b');
    assert.equal(second.response!.timings.tls, 0);
  }
});

test('rejectUnauthorized: false accepts the self-signed certificate', async (t) => {
  const port = await startServer(t);
  const pool = createPool(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
  t.after(() => pool.close());
  const { error, response } = await send(pool, { method: 'GET', path: '/' });
  assert.equal(error, null);
  assert.equal(response!.status, 200);
});

test('an untrusted certificate is a tls error, not a crash', async (t) => {
  const port = await startServer(t);
  const pool = createPool(`https://localhost:${port}`);
  t.after(() => pool.close());
  const { error, response } = await send(pool, { method: 'GET', path: '/' });
  assert.equal(response, null);
  assert.equal(error?.kind, 'tls');
  assert.equal(error?.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
});

test('https to a plain http port is a tls error', async (t) => {
  const { createServer } = await import('node:http');
  const server = createServer((_req, res) => res.end('plain'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`https://127.0.0.1:${(server.address() as AddressInfo).port}`);
  t.after(() => pool.close());
  const { error } = await send(pool, { method: 'GET', path: '/' });
  assert.equal(error?.kind, 'tls');
});

test('a new connection resumes the TLS session of an earlier one', async (t) => {
  let resumed = 0;
  let connections = 0;
  // Every response closes its connection, so each request needs a new handshake.
  const server = https.createServer({ cert, key }, (_req, res) => res.setHeader('connection', 'close').end('x'));
  server.on('secureConnection', (socket) => {
    connections++;
    if (socket.isSessionReused()) resumed++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`https://localhost:${(server.address() as AddressInfo).port}`, { ca: cert, connections: 1 });
  t.after(() => pool.close());
  for (let i = 0; i < 3; i++) assert.equal((await send(pool, { method: 'GET', path: '/' })).error, null);
  assert.equal(connections, 3);
  assert.ok(resumed >= 1, `resumed ${resumed} of ${connections}`);
});
