import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

test('Connection: close ends the connection after that response; pipelined requests behind it are resent, not failed', async (t) => {
  let connections = 0;
  // Answers exactly one request per connection with Connection: close, ignoring what is pipelined after it.
  const server = net.createServer((socket) => {
    socket.on('error', () => {}); // a reset from the client side is expected here
    connections++;
    socket.once('data', (data) => {
      const path = data.toString('latin1').split(' ')[1];
      socket.write(`HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: ${path!.length}\r\n\r\n${path}`);
      socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1, pipelining: 3 });
  t.after(() => pool.close());

  const paths = ['/one', '/two', '/three', '/four'];
  const results = await Promise.all(paths.map((path) => send(pool, { method: 'GET', path, captureBody: true })));
  assert.deepEqual(results.map((r) => r.error), [null, null, null, null]);
  assert.deepEqual(results.map((r) => r.response!.body!.toString()), paths);
  assert.equal(connections, 4);
});
