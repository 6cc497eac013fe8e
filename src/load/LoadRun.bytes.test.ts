import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { runLoad } from './LoadRun.js';

test('bytes sent and received are the bytes that crossed the socket, per endpoint and in total', async (t) => {
  // A raw server that answers every request head (and its 11-byte body) with a fixed response,
  // counting the bytes it read and wrote.
  const RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
  let read = 0;
  let written = 0;
  const server = net.createServer((socket) => {
    let pending = '';
    socket.on('data', (chunk) => {
      read += chunk.length;
      pending += chunk.toString('latin1');
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end === -1 || pending.length < end + 4 + 11) break;
        pending = pending.slice(end + 4 + 11);
        written += RESPONSE.length;
        socket.write(RESPONSE);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const port = (server.address() as net.AddressInfo).port;

  const result = await runLoad({ url: `http://127.0.0.1:${port}/echo`, method: 'POST', body: 'hello world', vus: 2, amount: 40, connections: 2 });
  const total = result.summary.total;
  assert.equal(total.requests, 40);
  const head = `POST /echo HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 11\r\n\r\n`;
  assert.equal(total.bytesSent, 40 * (head.length + 11));
  assert.equal(total.bytesSent, read, 'what the server read');
  assert.equal(total.bytesReceived, written, 'what the server wrote');
  assert.equal(result.summary.endpoints[0]!.bytesSent, total.bytesSent);
});
