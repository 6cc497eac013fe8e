import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { HandleWriter } from './HandleWriter.js';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

async function connectedPair(): Promise<{ server: net.Server; client: net.Socket; peer: net.Socket }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const peerP = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const client = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  // Not reading: a reset from the peer is found by the write, not by a read that closes the socket first.
  client.pause();
  await new Promise<void>((resolve) => client.once('connect', resolve));
  return { server, client, peer: await peerP };
}

test('a write larger than the kernel takes at once is finished by libuv, bytes intact, and the writer counts it pending until then', async (t) => {
  const { server, client, peer } = await connectedPair();
  t.after(() => {
    client.destroy();
    peer.destroy();
    server.close();
  });
  peer.pause();
  const errors: string[] = [];
  const writer = HandleWriter.for(client, { onWriteError: (code) => errors.push(code) });
  assert.ok(writer !== null, 'node 20+ plain sockets take the direct path');
  const data = Buffer.alloc(32 * 1024 * 1024);
  for (let i = 0; i < data.length; i += 4096) data[i] = (i >>> 12) & 0xff;
  writer.write(data);
  writer.write(Buffer.from('tail'));
  assert.ok(writer.pending >= 1, 'a 32 MiB write to a paused peer cannot complete at once');
  const received: Buffer[] = [];
  let length = 0;
  await new Promise<void>((resolve) => {
    peer.on('data', (chunk: Buffer) => {
      received.push(chunk);
      length += chunk.length;
      if (length >= data.length + 4) resolve();
    });
    peer.resume();
  });
  const all = Buffer.concat(received);
  assert.equal(all.length, data.length + 4);
  assert.ok(all.subarray(0, data.length).equals(data), 'bytes in order, none lost or reused');
  assert.equal(all.subarray(data.length).toString(), 'tail');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(writer.pending, 0);
  assert.deepEqual(errors, []);
});

test('a write to a connection the peer reset reports its errno name', async (t) => {
  const { server, client, peer } = await connectedPair();
  t.after(() => {
    client.destroy();
    server.close();
  });
  client.on('error', () => {});
  const errors: string[] = [];
  const writer = HandleWriter.for(client, { onWriteError: (code) => errors.push(code) })!;
  peer.resetAndDestroy();
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (let i = 0; i < 3 && errors.length === 0; i++) writer.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
  assert.ok(errors.length > 0, 'the write fails');
  assert.match(errors[0]!, /^(ECONNRESET|EPIPE)$/);
});

test('pipelined request bodies that fill the socket buffer arrive whole and in order', async (t) => {
  const BODY = 3 * 1024 * 1024;
  const server = http.createServer((req, res) => {
    const hash = createHash('sha1');
    req.pause();
    // Read late, so the client's writes find the kernel's buffers full and go through libuv's queue.
    setTimeout(() => {
      req.on('data', (chunk: Buffer) => hash.update(chunk));
      req.on('end', () => res.end(`${req.url} ${hash.digest('hex')}`));
      req.resume();
    }, 20);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1, pipelining: 3 });
  t.after(() => pool.close());

  const bodies = [1, 2, 3].map((n) => Buffer.alloc(BODY, n));
  const results = await Promise.all(bodies.map((body, i) => send(pool, { method: 'POST', path: `/${i}`, body, captureBody: 'text' })));
  assert.deepEqual(
    results.map((r) => r.response?.bodyText),
    bodies.map((body, i) => `/${i} ${createHash('sha1').update(body).digest('hex')}`),
  );
});

test('captureHeaders: false keeps no head (headers empty), status, sizes and timings as ever', async (t) => {
  const server = http.createServer((_req, res) => {
    res.setHeader('x-kept', 'yes');
    res.end('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
  t.after(() => pool.close());

  const kept = await send(pool, { method: 'GET', path: '/' });
  assert.equal(kept.response!.headers['x-kept'], 'yes');
  const bare = await send(pool, { method: 'GET', path: '/', captureHeaders: false });
  assert.equal(bare.error, null);
  assert.equal(bare.response!.status, 200);
  assert.equal(bare.response!.bytes, kept.response!.bytes);
  assert.ok(bare.response!.timings.ttfb > 0);
  assert.deepEqual(bare.response!.headers, {});
  assert.equal(bare.response!.hasHeader!('x-kept'), false);
  assert.equal(bare.response!.getHeader!('x-kept'), undefined);
});
