import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

test('a slow server shows in ttfb, a slow body in receive, and neither is an error', async (t) => {
  const server = http.createServer((_req, res) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-length': '10' });
      res.write('01234');
      setTimeout(() => res.end('56789'), 60);
    }, 60);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { requestTimeoutMs: 5000 });
  t.after(() => pool.close());

  const { error, response } = await send(pool, { method: 'GET', path: '/', captureBody: true });
  assert.equal(error, null);
  assert.equal(response!.body!.toString(), '0123456789');
  // The first byte cannot arrive before the server's first delay; first plus second delay bound the
  // total. How the total splits depends on when this process gets to read, so only the sum is exact.
  const { ttfb, receive } = response!.timings;
  assert.ok(ttfb >= 55, `ttfb ${ttfb}`);
  assert.ok(ttfb + receive >= 115, `ttfb ${ttfb} + receive ${receive}`);
});
