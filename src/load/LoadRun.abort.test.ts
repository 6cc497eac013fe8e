import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseThreshold } from './stats/thresholds.js';
import { runLoad, startLoad } from './LoadRun.js';

test('an abortOnFail threshold stops the run at the first interval it fails, status aborted', async (t) => {
  const server = createServer((_req, res) => {
    res.statusCode = 500;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const started = performance.now();
  const result = await runLoad({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    vus: 2,
    durationMs: 30_000,
    intervalMs: 200,
    thresholds: [parseThreshold('http_req_failed:rate<0.5', { field: 'thresholds', abortOnFail: true })],
  });
  assert.ok(performance.now() - started < 3000);
  assert.equal(result.status, 'aborted');
  assert.equal(result.thresholds[0]!.ok, false);
  assert.equal(result.thresholds[0]!.abortOnFail, true);
});

test('stop("interrupted") ends the run early with a partial result', async (t) => {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const run = startLoad({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, vus: 2, durationMs: 30_000 });
  setTimeout(() => run.stop('interrupted'), 300);
  const result = await run.result;
  assert.equal(result.status, 'interrupted');
  assert.ok(result.summary.total.requests > 0);
  assert.ok(result.summary.durationMs < 2000, `${result.summary.durationMs}`);
  assert.equal(run.progress().phase, 'stopping');
});
