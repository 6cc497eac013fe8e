import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

/** Answers the first request on each connection, then closes cleanly on the next one without answering. */
async function oneAnswerPerConnection(t: { after(fn: () => unknown): void }): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const server = net.createServer((socket) => {
    socket.on('error', () => {}); // a reset from the client side is expected here
    connections++;
    let answered = false;
    socket.on('data', () => {
      if (answered) return void socket.end();
      answered = true;
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  return { port: (server.address() as AddressInfo).port, connections: () => connections };
}

test('an idempotent request caught by a server closing its keep-alive connection is resent once on a new one', async (t) => {
  const server = await oneAnswerPerConnection(t);
  const pool = createPool(`http://127.0.0.1:${server.port}`, { connections: 1 });
  t.after(() => pool.close());
  assert.equal((await send(pool, { method: 'GET', path: '/1' })).error, null);
  const second = await send(pool, { method: 'GET', path: '/2' });
  assert.equal(second.error, null);
  assert.equal(second.response!.status, 200);
  assert.equal(server.connections(), 2);
});

test('a POST caught the same way is not resent: it fails as reset', async (t) => {
  const server = await oneAnswerPerConnection(t);
  const pool = createPool(`http://127.0.0.1:${server.port}`, { connections: 1 });
  t.after(() => pool.close());
  assert.equal((await send(pool, { method: 'GET', path: '/1' })).error, null);
  const post = await send(pool, { method: 'POST', path: '/2', body: 'x' });
  assert.equal(post.error?.kind, 'reset');
  assert.equal(server.connections(), 1);
});

test('a server that never answers is not retried forever: the resent request fails the second time', async (t) => {
  let connections = 0;
  const server = net.createServer((socket) => {
    socket.on('error', () => {}); // a reset from the client side is expected here
    connections++;
    socket.on('data', () => socket.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
  t.after(() => pool.close());
  const { error } = await send(pool, { method: 'GET', path: '/' });
  assert.equal(error?.kind, 'reset');
  assert.equal(connections, 2);
});
