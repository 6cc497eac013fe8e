import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticResult } from '../SyntheticResult.js';
import { readBudgetFile } from './BudgetFile.js';
import { formatBudgetText } from './BudgetFormat.js';
import { checkBudget } from './CheckBudget.js';

async function withBudget<T>(text: string, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-budget-units-'));
  const file = join(dir, 'loadline.budget.yaml');
  writeFileSync(file, text);
  try {
    return await fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('errorRate: a bare number of 1 or more is ambiguous (1 meant 100 %) and rejected; 1% and fractions below 1 are read', async () => {
  for (const bare of ['1', '5', '"2"']) {
    await withBudget(`api:\n  - errorRate: ${bare}\n`, (file) =>
      assert.rejects(readBudgetFile(file), /:2: api\[0\]\.errorRate: got .*, expected a percentage such as 1% or a fraction below 1 such as 0\.01/),
    );
  }
  await withBudget('api:\n  - errorRate: { warn: 0.5%, error: 0.02 }\n  - errorRate: 0\n', async (file) => {
    const b = await readBudgetFile(file);
    assert.deepEqual(b.api[0]!.errorRate, { warn: 0.005, error: 0.02 });
    assert.deepEqual(b.api[1]!.errorRate, { error: 0 });
  });
});

test('durations need a unit, as in scenarios: a bare p99: 100 or lcp: 2500 is rejected naming the field', async () => {
  await withBudget('api:\n  - p99: 100\n', (file) => assert.rejects(readBudgetFile(file), /:2: api\[0\]\.p99: got 100, expected a duration with a unit, such as 100ms or 1\.5s/));
  await withBudget('api:\n  - p95: { warn: 50ms, error: 200 }\n', (file) => assert.rejects(readBudgetFile(file), /api\[0\]\.p95\.error: got 200, expected a duration with a unit/));
  await withBudget('lighthouse:\n  lcp: 2500\n', (file) => assert.rejects(readBudgetFile(file), /lighthouse\.lcp: got 2500, expected a duration with a unit/));
  await withBudget('api:\n  - p99: 100ms\nlighthouse:\n  cls: 0.1\n', async (file) => {
    const b = await readBudgetFile(file);
    assert.deepEqual(b.api[0]!.p99, { error: 100 });
  });
});

test('limits print with the direction they hold: minimums with ≥, SLOs with their own operator', async () => {
  const result = syntheticResult({ seed: 3, durationS: 3, endpoints: [{ name: 'GET /users' }] });
  await withBudget('api:\n  - rps: { warn: 100000, error: 50000 }\n    p95: 10s\nslos:\n  - "http_reqs:rate>2340000"\n  - "http_reqs:count>=1"\n  - "http_req_duration:p(95)<10000"\n', async (file) => {
    const text = formatBudgetText(await checkBudget(await readBudgetFile(file), { result }));
    const line = (needle: string) => text.split('\n').find((l) => l.includes(needle)) ?? assert.fail(`no ${needle} in\n${text}`);
    assert.match(line(' rps '), /≥ 100000\.0\/s +≥ 50000\.0\/s +ERROR/);
    assert.match(line(' p95 '), /≤ 10000 ms +pass/);
    assert.match(line('rate>2340000'), /> 2340000 +ERROR/);
    assert.match(line('count>=1'), /≥ 1 +pass/);
    assert.match(line('p(95)<10000'), /< 10000 ms +pass/);
    assert.doesNotMatch(text, /≤ 2340000|≤ 1 /);
  });
});
