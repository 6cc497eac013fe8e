import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

test('4xx and 5xx are responses, not transport errors, and keep the connection (the engine classifies statuses)', async (t) => {
  let connections = 0;
  const server = http.createServer((req, res) => {
    res.statusCode = Number(req.url!.slice(1));
    res.setHeader('set-cookie', ['a=1', 'b=2']);
    res.end('status body');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
  t.after(() => pool.close());

  for (const status of [404, 429, 500, 503]) {
    const { error, response } = await send(pool, { method: 'GET', path: `/${status}` });
    assert.equal(error, null);
    assert.equal(response!.status, status);
    assert.deepEqual(response!.headers['set-cookie'], ['a=1', 'b=2']);
  }
  assert.equal(connections, 1);
});
