import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { ResponseInfo, TransportError } from './types.js';

test('an IPv6 literal origin connects to [::1] and sends the bracketed Host', async (t) => {
  const server = http.createServer((req, res) => res.end(req.headers.host));
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => resolve(true));
  });
  if (!listening) return t.skip('no IPv6 loopback on this machine');
  t.after(() => server.close());
  const port = (server.address() as AddressInfo).port;
  const pool = createPool(`http://[::1]:${port}`);
  t.after(() => pool.close());
  const [error, response] = await new Promise<[TransportError | null, ResponseInfo | null]>((resolve) =>
    pool.request({ method: 'GET', path: '/', captureBody: true }, (e, r) => resolve([e, r])),
  );
  assert.equal(error, null);
  assert.equal(response!.body!.toString(), `[::1]:${port}`);
});
