import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

const SIZE = 8 * 1024 * 1024;

test('a multi-megabyte body is counted without capture and intact with it, by length and chunked', async (t) => {
  const payload = Buffer.alloc(SIZE);
  for (let i = 0; i < SIZE; i++) payload[i] = (i * 31) & 0xff;
  const server = http.createServer((req, res) => {
    if (req.url === '/chunked') {
      for (let at = 0; at < SIZE; at += 1_000_003) res.write(payload.subarray(at, Math.min(SIZE, at + 1_000_003)));
      res.end();
    } else {
      res.writeHead(200, { 'content-length': SIZE });
      res.end(payload);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
  t.after(() => pool.close());

  const counted = await send(pool, { method: 'GET', path: '/' });
  assert.equal(counted.error, null);
  assert.equal(counted.response!.body, undefined);
  assert.ok(counted.response!.bytes > SIZE && counted.response!.bytes < SIZE + 300);

  for (const path of ['/', '/chunked']) {
    const captured = await send(pool, { method: 'GET', path, captureBody: true });
    assert.equal(captured.error, null);
    assert.equal(captured.response!.body!.length, SIZE);
    assert.ok(captured.response!.body!.equals(payload), `${path} body intact`);
  }
});
