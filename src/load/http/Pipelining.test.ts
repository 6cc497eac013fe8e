import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

test('pipelining: 10 writes ten requests before any answer and matches the answers in order', async (t) => {
  let maxOutstanding = 0;
  let connections = 0;
  // Holds answers until ten requests are waiting, then answers them all in one write, in order.
  const server = net.createServer((socket) => {
    socket.on('error', () => {}); // a reset from the client side is expected here
    connections++;
    let buffered = '';
    const waiting: string[] = [];
    socket.on('data', (data) => {
      buffered += data.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n\r\n')) >= 0) {
        waiting.push(buffered.slice(0, end).split(' ')[1]!);
        buffered = buffered.slice(end + 4);
      }
      maxOutstanding = Math.max(maxOutstanding, waiting.length);
      if (waiting.length >= 10) {
        socket.write(waiting.map((p) => `HTTP/1.1 200 OK\r\nContent-Length: ${p.length}\r\n\r\n${p}`).join(''));
        waiting.length = 0;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1, pipelining: 10 });
  t.after(() => pool.close());

  const paths = Array.from({ length: 30 }, (_, i) => `/req/${i}`);
  const pending = paths.map((path) => send(pool, { method: 'GET', path, captureBody: true }));
  const results = await Promise.all(pending);
  assert.deepEqual(results.map((r) => r.response?.body?.toString()), paths);
  assert.equal(maxOutstanding, 10);
  assert.equal(connections, 1);
});

test('pipelining one spec again and again: batches of the same request go out whole, and a changed request is sent as itself', async (t) => {
  const seen: string[] = [];
  // Answers each request as it arrives, with its path as the body.
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (data) => {
      buffered += data.toString('latin1');
      let end: number;
      let out = '';
      while ((end = buffered.indexOf('\r\n\r\n')) >= 0) {
        const path = buffered.slice(0, end).split(' ')[1]!;
        seen.push(path);
        out += `HTTP/1.1 200 OK\r\nContent-Length: ${path.length}\r\n\r\n${path}`;
        buffered = buffered.slice(end + 4);
      }
      if (out !== '') socket.write(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1, pipelining: 10 });
  t.after(() => pool.close());

  // One spec object, as quick mode sends it: each turn's requests are one batch of identical bytes.
  const spec: RequestSpec = { method: 'GET', path: '/same', captureBody: true };
  const first = await Promise.all(Array.from({ length: 25 }, () => send(pool, spec)));
  spec.path = '/changed';
  const second = await Promise.all(Array.from({ length: 25 }, () => send(pool, spec)));
  const third = await Promise.all(Array.from({ length: 7 }, () => send(pool, { method: 'GET', path: '/other', captureBody: true })));
  assert.deepEqual([...first, ...second, ...third].map((r) => r.response?.body?.toString()), [
    ...Array<string>(25).fill('/same'),
    ...Array<string>(25).fill('/changed'),
    ...Array<string>(7).fill('/other'),
  ]);
  assert.deepEqual(seen, [...Array<string>(25).fill('/same'), ...Array<string>(25).fill('/changed'), ...Array<string>(7).fill('/other')]);
});
