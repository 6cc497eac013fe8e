import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Monitor } from './Monitor.js';
import { monitorHandler } from './nodeHttpAdapter.js';

/** Writes `paths` as pipelined GETs on one connection and resolves with the raw answer once `responses` arrived. */
function pipeline(port: number, paths: string[], responses: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      text += d;
      if ((text.match(/HTTP\/1\.1 /g) ?? []).length === responses) {
        socket.end();
        resolve(text);
      }
    });
    socket.on('error', reject);
    socket.write(paths.map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join(''));
  });
}

test('pipelined requests on one connection, a monitor endpoint among them, are each recorded once', async () => {
  const monitor = new Monitor({ runtime: false, builtinChecks: false });
  const seen: ServerResponse[] = [];
  const server = createServer(
    monitorHandler(
      monitor,
      (req: IncomingMessage, res: ServerResponse) => {
        seen.push(res);
        // the first answers late, so the others wait behind it on the connection
        if (req.url === '/slow') setTimeout(() => res.end('slow'), 30);
        else res.end('ok');
      },
      { route: (req) => (req.url === '/slow' ? '/slow' : '/fast') },
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await pipeline(port, ['/slow', '/a', '/health/live', '/b', '/c'], 5);
    for (let i = 0; i < 50 && monitor.http.inFlight > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(monitor.http.inFlight, 0);
    assert.equal(monitor.http.aborted, 0);
    const routes = Object.fromEntries(monitor.tick().http.routes.map((r) => [r.route, r.requests]));
    assert.deepEqual(routes, { '/slow': 1, '/fast': 3 });
    assert.equal(seen.length, 4);
  } finally {
    server.closeAllConnections();
    server.close();
    await monitor.stop();
  }
});
