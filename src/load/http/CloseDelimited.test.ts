import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

test('a body without Content-Length or chunking ends when the server closes; the pool reconnects', async (t) => {
  let connections = 0;
  const server = net.createServer((socket) => {
    socket.on('error', () => {}); // a reset from the client side is expected here
    connections++;
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst part, ');
      setTimeout(() => socket.end('second part'), 20);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1 });
  t.after(() => pool.close());

  for (let i = 0; i < 2; i++) {
    const { error, response } = await send(pool, { method: 'GET', path: '/', captureBody: true });
    assert.equal(error, null);
    assert.equal(response!.body!.toString(), 'first part, second part');
    assert.ok(response!.timings.ttfb + response!.timings.receive >= 15, 'the response lasts until the close');
  }
  assert.equal(connections, 2);
});
