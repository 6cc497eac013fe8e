import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

test('chunked bodies written in pieces, with trailers, are decoded and the connection stays usable', async (t) => {
  let connections = 0;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', trailer: 'x-checksum' });
    let i = 0;
    const next = (): void => {
      if (i < 5) {
        res.write(`piece${i++};`);
        setImmediate(next);
      } else {
        res.addTrailers({ 'x-checksum': 'abc' });
        res.end();
      }
    };
    next();
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
  t.after(() => pool.close());

  for (let round = 0; round < 3; round++) {
    const { error, response } = await send(pool, { method: 'GET', path: '/', captureBody: true });
    assert.equal(error, null);
    assert.equal(response!.headers['transfer-encoding'], 'chunked');
    assert.equal(response!.body!.toString(), 'piece0;piece1;piece2;piece3;piece4;');
    assert.ok(response!.bytes > response!.body!.length + 40, 'bytes count the chunk framing and trailer');
  }
  assert.equal(connections, 1);
});
