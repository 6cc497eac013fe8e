import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatSummary } from './formatSummary.js';
import { runLoad } from '../LoadRun.js';
import { runCustomMetricsScenario } from './formatSummary.test-kit.js';
import { MetricRegistry } from '../scenario/metrics/MetricRegistry.js';

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
  assert.match(lines[0]!, /closed model, 1 VU,/);
  assert.match(text, /│ Endpoint +│ Requests │ +RPS │ +Avg │ +P50 │ +P95 │ +P99 │ +Max │ Failed % │ Status codes +│/);
  assert.match(text, /│ GET \/api\/x +│ +40 │/);
  assert.match(text, /25\.00% │ 200×30 500×10/);
  assert.match(text, /FAIL http_req_failed:rate<0\.1 +observed 0\.25/);
  assert.match(text, /PASS http_req_duration:max<100000/);
  assert.match(text, /note: closed model/);
  const sent = result.summary.total.bytesSent!;
  assert.ok(sent > 40 * 'GET /api/x HTTP/1.1\r\n'.length, `bytes sent ${sent}`);
  assert.match(text, new RegExp(`data received ${(result.summary.total.bytesReceived! / 1000).toFixed(1)} kB \\(.+/s\\), sent ${(sent / 1000).toFixed(1)} kB`));
});

test('custom metrics: counter, rate, trend and gauge rows, tagged series indented under their metric, thresholds marked', async () => {
  const result = await runCustomMetricsScenario({
    vus: 1,
    amount: 30,
    thresholds: ['api_response_time{method:POST}:count>=10', 'api_response_time{endpoint:nope}:count>0'],
  });
  const text = formatSummary(result);
  const lines = text.split('\n');
  // The row of `label`, below the row of metric `under` when given (series rows follow their metric's).
  const row = (label: string, under?: string) => {
    const from = under === undefined ? 0 : lines.findIndex((l) => l.startsWith(`│ ${under} `));
    return lines.slice(from).find((l) => l.startsWith(`│ ${label} `)) ?? assert.fail(`no row ${label} under ${under} in\n${text}`);
  };
  if (process.env.SHOW_SUMMARY) process.stderr.write(`${text}\n`);
  assert.match(text, /│ Custom metric +│ Type +│ +Value │ Details +│ Thresholds +│/);
  const n = result.summary.iterations!.count;
  assert.ok(n >= 10, `${n} iterations`);
  const perSecond = n / (result.summary.durationMs / 1000);
  // A whole rate (30 iterations in exactly 60 ms) is shown without decimals.
  const shown = Number.isInteger(perSecond) ? perSecond.toLocaleString('en-US') : perSecond >= 100 ? perSecond.toFixed(1) : perSecond.toFixed(2);
  assert.match(row('api_errors'), new RegExp(`│ counter │ +${n} │ ${shown.replace('.', '\\.')}/s`));
  assert.match(row('  {endpoint:broken}', 'api_errors'), new RegExp(`│ counter │ +${n} │ .*│ WARN count<1 +│`));
  // Per iteration: login ok, items ok, broken (untagged) not ok: 2 of 3.
  assert.match(row('api_success_rate'), new RegExp(`│ rate +│ +66\\.67% │ ✓ ${2 * n} +✗ ${n} `));
  assert.match(row('  {endpoint:items}', 'api_success_rate'), new RegExp(`│ rate +│ +100\\.00% │ ✓ ${n} +✗ 0 +│ PASS rate>0\\.99`));
  assert.match(row('api_response_time'), /│ trend +│ avg [\d.]+ms │ p50 [\d.]+ms +p95 [\d.]+ms +p99 [\d.]+ms +max [\d.]+ms +│ PASS p\(95\)<5000/);
  assert.match(row('  {endpoint:login,method:POST}', 'api_response_time'), /│ trend /);
  assert.match(row('  {endpoint:login}', 'api_response_time'), /│ tag filter .*│ PASS p\(95\)<5000, PASS count>=1 +│/);
  assert.match(row('  {method:POST}', 'api_response_time'), /│ tag filter .*│ PASS count>=10/);
  assert.match(row('  {endpoint:nope}', 'api_response_time'), /│ no samples .*│ FAIL count>0/);
  assert.match(row('queue_depth'), /│ gauge +│ +3 │ min 3 +max 3/);
  assert.match(row('  {shard:1}', 'queue_depth'), /│ gauge /);
  // Series rows follow their metric's row, in key order.
  const labels = text.split('\n').filter((l) => l.startsWith('│ ')).map((l) => l.split('│')[1]!.trim());
  const at = labels.indexOf('api_response_time');
  assert.deepEqual(labels.slice(at, at + 6), ['api_response_time', '{endpoint:items}', '{endpoint:login,method:POST}', '{endpoint:login}', '{endpoint:nope}', '{method:POST}']);
  assert.match(text, /thresholds:\n(.*\n)*  FAIL api_response_time\{endpoint:nope\}:count>0/);

  // Many tag sets: the first ones are shown, the rest counted; overflow gets a note.
  const many = new MetricRegistry({ hits: 'counter' }, { maxSeries: 30 });
  for (let i = 0; i < 40; i++) many.add('hits', 1, { user: `u${String(i).padStart(2, '0')}` });
  const crowded = formatSummary({ ...result, thresholds: [], summary: { ...result.summary, metrics: many.summary() } });
  many.destroy();
  assert.match(crowded, /│   \{user:u19\} /);
  assert.doesNotMatch(crowded, /\{user:u20\}/);
  assert.match(crowded, /│   … 10 more tag sets +│ +│ +│ in the result file/);
  assert.match(crowded, /note: hits: 10 samples had tag sets past the per-metric limit; they count in hits's total only/);
});
