import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { monitorFastify } from './monitorFastify.js';
import { Monitor } from '../Monitor.js';

test('Fastify plugin labels with the route template, applies to every route and serves the endpoints', async () => {
  const monitor = new Monitor({ runtime: false });
  const app = Fastify();
  await app.register(monitorFastify(monitor));
  await app.register(async (child) => {
    child.get('/items/:id', async (req) => ({ id: (req.params as { id: string }).id }));
    child.get('/err', async (_req, reply) => reply.code(500).send({ error: 'x' }));
  }, { prefix: '/v1' });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    for (let i = 0; i < 4; i++) await (await fetch(`${base}/v1/items/${i}`)).text();
    await (await fetch(`${base}/v1/err`)).text();
    await (await fetch(`${base}/missing/${Math.random()}`)).text();
    const sample = monitor.tick();
    const rows = Object.fromEntries(sample.http.routes.map((r) => [`${r.method} ${r.route}`, [r.requests, r.errors]]));
    assert.deepEqual(rows, { 'GET /v1/items/:id': [4, 0], 'GET /v1/err': [1, 1], 'GET __unmatched__': [1, 0] });
    assert.equal(sample.http.inFlight, 0);
    assert.ok(sample.http.latency.max > 0);
    const metrics = await fetch(`${base}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(await metrics.text(), /http_request_duration_seconds_count\{method="GET",route="\/v1\/items\/:id",status_code="2xx"\} 4/);
    assert.equal(monitor.tick().http.requests, 0, 'the metrics scrape itself is not counted');
  } finally {
    await app.close();
    await monitor.stop();
  }
});
