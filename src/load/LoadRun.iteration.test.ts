import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseResult } from '../core/index.js';
import { createPool } from './http/index.js';
import type { Iteration } from './iteration/iteration.js';
import { runLoad } from './LoadRun.js';
import { parseThreshold, type MetricSource } from './stats/thresholds.js';

test('a custom iteration (two requests and a check) plugs into the run: per-endpoint stats, checks, custom metric thresholds', async (t) => {
  const server = createServer((req, res) => {
    res.statusCode = req.url === '/login' ? 200 : 201;
    res.end(req.url === '/login' ? '{"token":"abc"}' : 'ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let flows = 0;
  const custom: MetricSource = {
    metrics: { flows_total: 'counter' },
    observe: () => ({ value: flows }),
  };

  const result = await runLoad({
    url: origin,
    vus: 2,
    amount: 20,
    scenario: 'login-then-order',
    metricSources: [custom],
    thresholds: [
      'http_req_duration{name:login}:p(95)<1000',
      'http_reqs{name:order}:count==20',
      'checks:rate==1',
      parseThreshold('flows_total:count>=20', { field: 'thresholds', metrics: custom.metrics }),
    ],
    iteration: ({ stats, recorder, clock }) => {
      const pool = createPool(origin, { connections: 2 });
      const login = stats.addEndpoint('login', 'POST');
      const order = stats.addEndpoint('order', 'POST');
      const iteration: Iteration = {
        run(_vu, intended, done) {
          pool.request({ method: 'POST', path: '/login', captureBody: true }, (err, res) => {
            const failed = recorder.record(login, intended, err, res);
            stats.recordCheck(login, res?.body?.toString().includes('token') ?? false);
            const second = clock.now();
            pool.request({ method: 'POST', path: '/order' }, (err2, res2) => {
              flows++;
              done(recorder.record(order, second, err2, res2) || failed);
            });
          });
        },
      };
      return { iteration, close: () => pool.close() };
    },
  });
  assert.deepEqual(result.summary.endpoints.map((e) => [e.name, e.requests, Object.keys(e.statusCodes)]), [
    ['login', 20, ['200']],
    ['order', 20, ['201']],
  ]);
  assert.equal(result.summary.total.requests, 40);
  assert.deepEqual(result.summary.checks, { passes: 20, fails: 0, rate: 1 });
  assert.equal(result.summary.iterations!.count, 20);
  assert.deepEqual(result.thresholds.map((x) => x.ok), [true, true, true, true]);
  assert.equal(result.config.scenario, 'login-then-order');
  parseResult(JSON.stringify(result), 'r.json');
});
