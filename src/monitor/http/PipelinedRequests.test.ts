import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Monitor } from '../Monitor.js';
import { monitorHttp } from './monitorHttp.js';

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
    monitorHttp(
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

test('a client that disconnects with pipelined requests waiting behind a slow one has each counted as aborted', async () => {
  const monitor = new Monitor({ runtime: false, builtinChecks: false });
  let handled = 0;
  let bothArrived: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (bothArrived = resolve));
  const server = createServer(
    monitorHttp(
      monitor,
      (req: IncomingMessage, res: ServerResponse) => {
        // '/slow' never answers; '/queued' answers at once, but its response waits behind the slow one
        if (req.url === '/queued') res.end('ok');
        if (++handled === 2) bothArrived();
      },
      { route: (req) => req.url ?? '' },
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /queued HTTP/1.1\r\nHost: x\r\n\r\n');
    await arrived;
    assert.equal(monitor.http.inFlight, 2);
    socket.destroy();
    for (let i = 0; i < 50 && monitor.http.inFlight > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(monitor.http.inFlight, 0);
    assert.equal(monitor.http.aborted, 2);
    const text = monitor.renderPrometheus();
    assert.match(text, /\nhttp_requests_aborted_total\{method="GET",route="\/slow"\} 1\n/);
    assert.match(text, /\nhttp_requests_aborted_total\{method="GET",route="\/queued"\} 1\n/);
    assert.equal(monitor.tick().http.requests, 0);
  } finally {
    server.closeAllConnections();
    server.close();
    await monitor.stop();
  }
});

test('the monitor adds nothing to a response and one close listener per connection, however many requests it carries', async () => {
  const monitor = new Monitor({ runtime: false, builtinChecks: false });
  const seen: Array<{ symbols: number; closeListeners: number; socketCloseListeners: number }> = [];
  const server = createServer(
    monitorHttp(monitor, (req: IncomingMessage, res: ServerResponse) => {
      seen.push({ symbols: Object.getOwnPropertySymbols(res).length, closeListeners: res.listenerCount('close'), socketCloseListeners: req.socket.listenerCount('close') });
      res.end('ok');
    }),
  );
  const bare = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push({ symbols: Object.getOwnPropertySymbols(res).length, closeListeners: res.listenerCount('close'), socketCloseListeners: req.socket.listenerCount('close') });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  try {
    const paths = ['/a', '/b', '/c', '/d'];
    await pipeline((bare.address() as AddressInfo).port, paths.slice(0, 1), 1);
    const untouched = seen.pop()!;
    await pipeline((server.address() as AddressInfo).port, paths, paths.length);
    assert.equal(seen.length, paths.length);
    for (const s of seen) {
      assert.equal(s.symbols, untouched.symbols);
      assert.equal(s.closeListeners, untouched.closeListeners);
    }
    // one listener of the monitor's on the socket beside node's own, from the first request on
    assert.deepEqual(new Set(seen.map((s) => s.socketCloseListeners)).size, 1);
    assert.equal(seen[0]!.socketCloseListeners, untouched.socketCloseListeners + 1);
    assert.equal(monitor.tick().http.requests, paths.length);
  } finally {
    server.closeAllConnections();
    server.close();
    bare.closeAllConnections();
    bare.close();
    await monitor.stop();
  }
});
