import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSummary } from './formatSummary.js';
import { runCustomMetricsScenario } from './formatSummary.test-kit.js';
import { boxTable, wrapText } from './textTable.js';

test('with width 80 every line of the summary fits: the endpoint table splits in two, metric details and long lines wrap', async () => {
  const result = await runCustomMetricsScenario({ vus: 2, amount: 20 });
  const wide = formatSummary(result);
  assert.ok(wide.split('\n').some((l) => l.length > 100), 'unlimited, the summary is as wide as its content');
  assert.match(wide, /│ Endpoint +│ Requests │ +RPS │ +Avg │ .*│ Status codes +│/);
  const narrow = formatSummary(result, { width: 80 });
  for (const line of narrow.split('\n')) assert.ok(line.length <= 80, `${line.length} columns: ${line}`);
  assert.match(narrow, /│ Endpoint +│ +Avg │ +P50 │ +P95 │ +P99 │ +Max │/);
  assert.match(narrow, /│ Endpoint +│ Requests │ +RPS │ Failed % │ Status codes +│/);
  assert.match(narrow, /│ Custom metric +│ Type +│ +Value │ Details +│\n/);
  // Thresholds left the metric table; each is still listed with its verdict.
  assert.match(narrow, /thresholds:\n(.*\n)*  PASS api_response_time\{endpoint:login\}:count>=1/);
  for (const name of ['login', 'items', 'broken', 'total']) assert.match(narrow, new RegExp(`│ ${name} +│`));
});

test('wrapText keeps parts, words and indents together; boxTable shrinks text columns only', () => {
  assert.deepEqual(wrapText('  PASS a:p(95)<1  observed 12.5  (a reason that is long)', 32, 2), ['  PASS a:p(95)<1  observed 12.5', '    (a reason that is long)']);
  assert.deepEqual(wrapText('p50 1.2ms  p95 3.4ms  p99 5.6ms', 20), ['p50 1.2ms  p95 3.4ms', 'p99 5.6ms']);
  assert.deepEqual(wrapText('  {endpoint:login,method:POST}', 20, 2), ['  {endpoint:login,', '    method:POST}']);
  assert.deepEqual(wrapText('GET /api/users/with/a/long/path', 16), ['GET /api/users/', 'with/a/long/path']);
  const t = boxTable(['Name', 'Count'], [['a very long name of a thing', '12,345']], new Set([0]), 24);
  for (const line of t.split('\n')) assert.ok(line.length <= 24, line);
  assert.match(t, /│ +12,345 │/);
});
