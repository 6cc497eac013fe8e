import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

/** A raw TCP server: each request gets the byte pieces of `answers[path]`, written 5 ms apart (separate reads). */
async function rawServer(t: { after(fn: () => unknown): void }, answers: Record<string, Buffer[]>): Promise<string> {
  const server = net.createServer((socket) => {
    let pending = '';
    socket.on('data', async (data) => {
      pending += data.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        const path = pending.slice(pending.indexOf(' ') + 1, pending.indexOf(' HTTP/'));
        pending = pending.slice(end + 4);
        for (const piece of answers[path]!) {
          socket.write(piece);
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const text = 'héllo wörld ✓ {"ok":true}';
const bytes = Buffer.from(text, 'utf8');
const invalid = Buffer.from([0x7b, 0xff, 0xc3, 0x7d]);
const head = (length: number) => Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${length}\r\n\r\n`, 'latin1');
const chunk = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);

test("captureBody 'text' gives the body as UTF-8 text, whole or in pieces, by length or chunked, and no Buffer", async (t) => {
  // The ✓ (3 bytes) is cut between pieces: decoding each piece alone would garble it.
  const cut = bytes.indexOf(0xe2) + 1;
  const origin = await rawServer(t, {
    '/whole': [Buffer.concat([head(bytes.length), bytes])],
    '/pieces': [head(bytes.length), bytes.subarray(0, cut), bytes.subarray(cut)],
    '/chunked': [Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'), chunk(bytes.subarray(0, cut)), chunk(bytes.subarray(cut)), Buffer.from('0\r\n\r\n')],
    '/invalid': [Buffer.concat([head(invalid.length), invalid])],
    '/empty': [head(0)],
  });
  const pool = createPool(origin, { connections: 1 });
  t.after(() => pool.close());
  for (const path of ['/whole', '/pieces', '/chunked']) {
    const { response } = await send(pool, { method: 'GET', path, captureBody: 'text' });
    assert.equal(response!.bodyText, text, path);
    assert.equal(response!.body, undefined, path);
  }
  const bad = await send(pool, { method: 'GET', path: '/invalid', captureBody: 'text' });
  assert.equal(bad.response!.bodyText, invalid.toString('utf8'));
  const empty = await send(pool, { method: 'GET', path: '/empty', captureBody: 'text' });
  assert.equal(empty.response!.bodyText, '');
  // The bytes mode is unchanged, and an uncaptured body is only counted.
  const raw = await send(pool, { method: 'GET', path: '/pieces', captureBody: true });
  assert.deepEqual(raw.response!.body, bytes);
  assert.equal(raw.response!.bodyText, undefined);
  const counted = await send(pool, { method: 'GET', path: '/whole' });
  assert.equal(counted.response!.body, undefined);
  assert.equal(counted.response!.bodyText, undefined);
});
