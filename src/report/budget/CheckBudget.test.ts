import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { isLoadlineError } from '../../core/index.js';
import { syntheticResult } from '../SyntheticResult.js';
import { readBudgetFile } from './BudgetFile.js';
import { formatBudgetMarkdown, formatBudgetText } from './BudgetFormat.js';
import { checkBudget } from './CheckBudget.js';

const SITE = fileURLToPath(new URL('../../../test/fixtures/report/site/', import.meta.url));

test('the fixture site: bundles, API, SLOs and Lighthouse in one report', async () => {
  const budget = await readBudgetFile(`${SITE}loadline.budget.yaml`);
  const result = syntheticResult({ seed: 5, durationS: 5, endpoints: [{ name: 'GET /users' }] });
  const report = await checkBudget(budget, { result });
  const levels = report.checks.map((c) => `${c.kind}:${c.name}:${c.metric}:${c.level}`);
  assert.deepEqual(levels, [
    'bundle:initial JS:raw:pass',
    'bundle:initial JS:gzip:warn',
    'bundle:initial JS:brotli:pass',
    'bundle:CSS:raw:pass',
    'bundle:total:raw:pass',
    'api:total:p95:pass',
    'api:total:errorRate:pass',
    'api:total:rps:pass',
    'api:GET /users:p99:pass',
    `slo:http_req_duration{name:GET /users}:p(95)<300:p(95):pass`,
    'slo:http_req_failed:rate<0.05:rate:pass',
    'lighthouse:FCP:median:pass',
    'lighthouse:LCP:median:warn',
    'lighthouse:CLS:median:pass',
    'lighthouse:TBT:median:pass',
    'lighthouse:TTI:median:pass',
  ]);
  assert.equal(report.verdict, 'warn');
  const text = formatBudgetText(report);
  assert.match(text, /^budget: WARN \(16 checks: 14 pass, 2 warn, 0 error\)/);
  assert.match(formatBudgetMarkdown(report), /\| bundle \| initial JS \| gzip \| [\d.]+ KB \| ≤ 2\.0 KB \| ≤ 100\.0 KB \| WARN \|/);
});

test('API budgets without a result are a usage error', async () => {
  const budget = await readBudgetFile(`${SITE}loadline.budget.yaml`);
  await assert.rejects(checkBudget(budget), (e) => isLoadlineError(e, 'LOADLINE_USAGE') && /--result/.test(e.message));
});
