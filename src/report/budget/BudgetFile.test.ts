import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLoadlineError } from '../../core/index.js';
import { findBudgetFile, readBudgetFile } from './BudgetFile.js';

const SITE = fileURLToPath(new URL('../../../test/fixtures/report/site/', import.meta.url));

function withFile(name: string, text: string, fn: (file: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-budget-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return fn(file).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('the fixture budget resolves presets, sizes, durations and percentages', async () => {
  const file = findBudgetFile(SITE);
  assert.equal(file, join(SITE, 'loadline.budget.yaml'));
  const b = await readBudgetFile(file!);
  assert.equal(b.root, SITE.replace(/\/$/, ''));
  assert.deepEqual(b.bundles[0], { name: 'initial JS', files: ['public/assets/app.js'], raw: { warn: 400_000, error: 500_000 }, gzip: { warn: 2000, error: 100_000 }, brotli: { error: 100_000 } });
  assert.deepEqual(b.bundles[1]!.raw, { warn: 80_000, error: 100_000 });
  assert.deepEqual(b.bundles[2]!.raw, { warn: 1_500_000, error: 2_000_000 });
  assert.deepEqual(b.api[0], { endpoint: 'total', p95: { warn: 40, error: 200 }, errorRate: { error: 0.01 }, rps: { warn: 150, error: 50 } });
  assert.deepEqual(b.api[1], { endpoint: 'GET /users', p99: { error: 500 } });
  assert.equal(b.slos.length, 2);
  assert.deepEqual(b.lighthouse?.limits.lcp, { warn: 2500, error: 3000 });
  assert.equal(b.lighthouse?.results, 'lighthouse');
});

test('an unknown key is rejected with the file, line and field', async () => {
  await withFile('loadline.budget.yaml', 'bundles:\n  - files: app.js\n    gzipp: 10KB\n', async (file) => {
    await assert.rejects(readBudgetFile(file), (e) => {
      assert.ok(isLoadlineError(e, 'LOADLINE_INVALID_FILE'));
      assert.match(e.message, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: bundles\\[0\\]\\.gzipp: expected no such field`));
      return true;
    });
  });
  await withFile('loadline.budget.json', JSON.stringify({ bundle: [] }), async (file) => {
    await assert.rejects(readBudgetFile(file), /loadline\.budget\.json: bundle: expected no such field/);
  });
});

test('bad values name the field, the value and what was expected', async () => {
  await withFile('b.yaml', 'bundles:\n  - files: app.js\n    raw: 12 parsecs\n', async (file) => {
    await assert.rejects(readBudgetFile(file), /b\.yaml:3: bundles\[0\]\.raw: got "12 parsecs", expected a size such as 500KB/);
  });
  await withFile('b.yaml', 'api:\n  - p95: { warn: fast }\n', async (file) => {
    await assert.rejects(readBudgetFile(file), /api\[0\]\.p95\.warn: got "fast", expected a duration/);
  });
  await withFile('b.yaml', 'bundles:\n  - files: app.js\n', async (file) => {
    await assert.rejects(readBudgetFile(file), /bundles\[0\]: expected at least one of raw, gzip, brotli or preset/);
  });
  await withFile('b.yaml', 'bundles:\n  - files: app.js\n    raw: { warn: 2MB, error: 1MB }\n', async (file) => {
    await assert.rejects(readBudgetFile(file), /bundles\[0\]\.raw: .*expected warn at or below error/);
  });
});

test('an SLO that does not parse is rejected with the file and field', async () => {
  await withFile('b.yaml', 'slos:\n  - "http_req_duration:p(95) fast"\n', async (file) => {
    await assert.rejects(readBudgetFile(file), (e) => isLoadlineError(e, 'LOADLINE_INVALID_EXPRESSION') && e.message.includes(file) && e.message.includes('slos[0]'));
  });
});
