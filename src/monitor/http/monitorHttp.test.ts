import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Monitor } from '../Monitor.js';
import { monitorHttp } from './monitorHttp.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('node:http wrapper labels requests with the route template the user function gives, never the raw URL', async () => {
  const monitor = new Monitor({ runtime: false });
  let inFlightSeen = -1;
  const server = createServer(
    monitorHttp(
      monitor,
      (req: IncomingMessage, res: ServerResponse) => {
        inFlightSeen = monitor.http.inFlight;
        res.statusCode = req.url === '/fail' ? 503 : 200;
        res.end('ok');
      },
      { route: (req) => (req.url?.startsWith('/users/') ? '/users/:id' : req.url ?? '') },
    ),
  );
  const base = await listen(server);
  try {
    for (let i = 0; i < 5; i++) await (await fetch(`${base}/users/${i}`)).text();
    await (await fetch(`${base}/fail`)).text();
    const sample = monitor.tick();
    assert.equal(inFlightSeen, 1);
    assert.equal(sample.http.inFlight, 0);
    assert.deepEqual(
      sample.http.routes.map((r) => [r.method, r.route, r.requests, r.errors]),
      [
        ['GET', '/users/:id', 5, 0],
        ['GET', '/fail', 1, 1],
      ],
    );
    const text = monitor.renderPrometheus();
    assert.match(text, /http_request_duration_seconds_count\{method="GET",route="\/users\/:id",status_code="2xx"\} 5/);
    assert.match(text, /http_request_duration_seconds_count\{method="GET",route="\/fail",status_code="5xx"\} 1/);
    assert.doesNotMatch(text, /\/users\/3/);
    // the monitor's own endpoints are served by the wrapper and not counted
    assert.equal((await fetch(`${base}/metrics`)).status, 200);
    assert.equal(monitor.tick().http.requests, 0);
  } finally {
    server.close();
    await monitor.stop();
  }
});

test('distinct URLs stay bounded: routes beyond maxRoutes fold into __overflow__', async () => {
  const monitor = new Monitor({ runtime: false, http: { maxRoutes: 20 } });
  const server = createServer(monitorHttp(monitor, (_req: IncomingMessage, res: ServerResponse) => res.end(), { route: (req) => req.url ?? '' }));
  const base = await listen(server);
  try {
    for (let i = 0; i < 60; i++) await (await fetch(`${base}/raw/${i}`)).text();
    const sample = monitor.tick();
    assert.equal(sample.http.routes.length, 21);
    assert.equal(sample.http.routes.find((r) => r.route === '__overflow__')?.requests, 40);
  } finally {
    server.close();
    await monitor.stop();
  }
});

test('a throwing route function records the request as unmatched', async () => {
  const monitor = new Monitor({ runtime: false });
  const server = createServer(monitorHttp(monitor, (_req: IncomingMessage, res: ServerResponse) => res.end(), { route: () => { throw new Error('no'); } }));
  const base = await listen(server);
  try {
    await (await fetch(`${base}/x`)).text();
    assert.equal(monitor.tick().http.routes[0]?.route, '__unmatched__');
  } finally {
    server.close();
    await monitor.stop();
  }
});

test('a server that outlives its monitor keeps serving; requests after stop are ignored', async () => {
  const monitor = new Monitor({ runtime: false });
  const server = createServer(monitorHttp(monitor, (_req: IncomingMessage, res: ServerResponse) => res.end('ok'), { route: (req) => req.url ?? '' }));
  const base = await listen(server);
  try {
    await monitor.stop();
    for (let i = 0; i < 500; i++) assert.equal(await (await fetch(`${base}/after-stop/${i}`)).text(), 'ok');
    for (const path of ['/metrics', '/api/performance/stats', '/health/ready']) assert.equal((await fetch(`${base}${path}`)).status, 503, path);
  } finally {
    server.close();
  }
});
