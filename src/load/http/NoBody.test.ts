import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPool } from './Pool.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from './types.js';

function send(pool: HttpPool, spec: RequestSpec): Promise<{ error: TransportError | null; response: ResponseInfo | null }> {
  return new Promise((resolve) => pool.request(spec, (error, response) => resolve({ error, response })));
}

// A raw server, so that 204/304/HEAD responses can carry the misleading Content-Length a real
// server may send; a client that read a body there would swallow the next response.
test('204, 304 and HEAD responses have no body, whatever their headers say', async (t) => {
  const server = net.createServer((socket) => {
    socket.on('error', () => {}); // a reset from the client side is expected here
    let buffered = '';
    socket.on('data', (data) => {
      buffered += data.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n\r\n')) >= 0) {
        const [method, path] = buffered.slice(0, end).split(' ');
        buffered = buffered.slice(end + 4);
        if (path === '/204') socket.write('HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n');
        else if (path === '/304') socket.write('HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\nETag: "v1"\r\n\r\n');
        else if (method === 'HEAD') socket.write('HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n');
        else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\ncontent');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const pool = createPool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 1, pipelining: 4 });
  t.after(() => pool.close());

  const results = await Promise.all([
    send(pool, { method: 'GET', path: '/204', captureBody: true }),
    send(pool, { method: 'GET', path: '/304', captureBody: true }),
    send(pool, { method: 'HEAD', path: '/', captureBody: true }),
    send(pool, { method: 'GET', path: '/', captureBody: true }),
  ]);
  assert.deepEqual(results.map((r) => r.error), [null, null, null, null]);
  assert.deepEqual(results.map((r) => [r.response!.status, r.response!.body!.toString()]), [
    [204, ''],
    [304, ''],
    [200, ''],
    [200, 'content'],
  ]);
  assert.equal(results[1]!.response!.headers.etag, '"v1"');
});
