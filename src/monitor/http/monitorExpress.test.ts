import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import express from 'express';
import { monitorExpress } from './monitorExpress.js';
import { Monitor } from '../Monitor.js';

test('Express middleware labels with baseUrl + route path, counts 404s as unmatched and serves the endpoints', async () => {
  const monitor = new Monitor({ runtime: false });
  const app = express();
  app.use(monitorExpress(monitor));
  const users = express.Router();
  users.get('/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  users.post('/:id/orders', (_req, res) => {
    res.status(201).end();
  });
  app.use('/users', users);
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).send('boom');
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    for (let i = 0; i < 3; i++) await (await fetch(`${base}/users/${i}`)).text();
    await (await fetch(`${base}/users/7/orders`, { method: 'POST' })).text();
    await (await fetch(`${base}/boom`)).text();
    await (await fetch(`${base}/no/such/${Math.random()}`)).text();
    const sample = monitor.tick();
    const rows = Object.fromEntries(sample.http.routes.map((r) => [`${r.method} ${r.route}`, [r.requests, r.errors]]));
    assert.deepEqual(rows, { 'GET /users/:id': [3, 0], 'POST /users/:id/orders': [1, 0], 'GET /boom': [1, 1], 'GET __unmatched__': [1, 0] });
    assert.equal(sample.http.inFlight, 0);
    const metrics = await fetch(`${base}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get('content-type') ?? '', /text\/plain; version=0.0.4/);
    assert.match(await metrics.text(), /route="\/users\/:id\/orders",status_code="2xx"/);
    const health = await fetch(`${base}/health/ready`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'healthy');
  } finally {
    server.close();
    await monitor.stop();
  }
});
