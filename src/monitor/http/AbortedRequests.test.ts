import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import Fastify from 'fastify';
import { monitorFastify } from './monitorFastify.js';
import { Monitor } from '../Monitor.js';
import { monitorHttp } from './monitorHttp.js';

test('a client that disconnects before the response finishes leaves the in-flight count and is counted as aborted', async () => {
  const monitor = new Monitor({ runtime: false, builtinChecks: false });
  const pending: ServerResponse[] = [];
  let arrived: () => void = () => undefined;
  const server = createServer(
    monitorHttp(monitor, (req: IncomingMessage, res: ServerResponse) => {
      if (req.url === '/hang') {
        pending.push(res);
        arrived();
      } else res.end('ok');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const started = new Promise<void>((resolve) => (arrived = resolve));
    const req = request({ host: '127.0.0.1', port, path: '/hang' });
    req.on('error', () => undefined);
    req.end();
    await started;
    assert.equal(monitor.http.inFlight, 1);
    const closed = once(pending[0]!, 'close'); // registered after the monitor's own close listener
    req.destroy();
    await closed;
    assert.equal(monitor.http.inFlight, 0);
    assert.equal(monitor.http.aborted, 1);
    // a late end on the closed response is neither recorded nor counted twice
    pending[0]!.end('too late');
    const ok = await fetch(`http://127.0.0.1:${port}/done`);
    await ok.text();
    assert.equal(monitor.http.inFlight, 0);
    assert.equal(monitor.http.aborted, 1);
    const sample = monitor.tick();
    assert.deepEqual(sample.http.routes.map((r) => [r.route, r.requests]), [['*', 1]]);
    // Labelled with method and route template as the other HTTP series (no route function here: '*').
    assert.match(monitor.renderPrometheus(), /\nhttp_requests_aborted_total\{method="GET",route="\*"\} 1\n/);
  } finally {
    server.closeAllConnections();
    server.close();
    await monitor.stop();
  }
});

test('completed responses are never counted as aborted', async () => {
  const monitor = new Monitor({ runtime: false, builtinChecks: false });
  const server = createServer(monitorHttp(monitor, (_req: IncomingMessage, res: ServerResponse) => res.end('ok')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    for (let i = 0; i < 20; i++) await (await fetch(`http://127.0.0.1:${port}/x`)).text();
    server.closeAllConnections();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(monitor.http.aborted, 0);
    assert.equal(monitor.http.inFlight, 0);
    assert.equal(monitor.tick().http.requests, 20);
  } finally {
    server.close();
    await monitor.stop();
  }
});

test('Fastify: a client that disconnects before the reply leaves the in-flight count and is counted as aborted', async () => {
  const monitor = new Monitor({ runtime: false, builtinChecks: false });
  const app = Fastify();
  await app.register(monitorFastify(monitor));
  let raw: ServerResponse | undefined;
  let arrived: () => void = () => undefined;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  app.get('/hang', async (_req, reply) => {
    raw = reply.raw;
    arrived();
    await released;
    return 'too late';
  });
  app.get('/ok', async () => 'ok');
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const started = new Promise<void>((resolve) => (arrived = resolve));
    const req = request(`${base}/hang`);
    req.on('error', () => undefined);
    req.end();
    await started;
    assert.equal(monitor.http.inFlight, 1);
    const closed = once(raw!, 'close');
    req.destroy();
    await closed;
    assert.equal(monitor.http.inFlight, 0);
    assert.equal(monitor.http.aborted, 1);
    release();
    await (await fetch(`${base}/ok`)).text();
    assert.equal(monitor.http.inFlight, 0);
    assert.equal(monitor.http.aborted, 1);
    // Counted under Fastify's route template; the route that finished has no aborted series.
    const text = monitor.renderPrometheus();
    assert.match(text, /\nhttp_requests_aborted_total\{method="GET",route="\/hang"\} 1\n/);
    assert.doesNotMatch(text, /http_requests_aborted_total\{[^}]*route="\/ok"/);
  } finally {
    await app.close();
    await monitor.stop();
  }
});
