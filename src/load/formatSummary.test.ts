import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatSummary } from './formatSummary.js';
import { runLoad } from './LoadRun.js';

test('the summary table has one row per endpoint with RPS, avg, p50, p95, p99, max, error % and status codes', async (t) => {
  let n = 0;
  const server = createServer((_req, res) => {
    res.statusCode = n++ % 4 === 0 ? 500 : 200;
    res.end('x');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const result = await runLoad({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/x`, vus: 1, amount: 40, thresholds: ['http_req_failed:rate<0.1', { expression: { source: 'http_req_duration:max<100000', metric: 'http_req_duration', tags: {}, aggregation: { kind: 'max' }, operator: '<', value: 100000 }, level: 'warn', abortOnFail: false }] });
  const text = formatSummary(result);
  const lines = text.split('\n');
  assert.match(lines[0]!, /closed model, 1 VUs/);
  assert.match(text, /│ Endpoint +│ Requests │ +RPS │ +Avg │ +P50 │ +P95 │ +P99 │ +Max │ Error % │ Status codes +│/);
  assert.match(text, /│ GET \/api\/x +│ +40 │/);
  assert.match(text, /25\.00% │ 200×30 500×10/);
  assert.match(text, /FAIL http_req_failed:rate<0\.1 +observed 0\.25/);
  assert.match(text, /PASS http_req_duration:max<100000/);
  assert.match(text, /note: closed model/);
});
