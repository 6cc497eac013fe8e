import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticResult } from './SyntheticResult.js';

const MAIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const SITE = fileURLToPath(new URL('../../test/fixtures/report/site/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'loadline-budget-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, 'budget', ...args], { cwd, timeout: 30_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

const result = join(dir, 'result.json');
writeFileSync(result, JSON.stringify(syntheticResult({ seed: 1, durationS: 5, endpoints: [{ name: 'GET /users' }] })));

test('finds loadline.budget.yaml in the current directory; warnings exit 0', async () => {
  const r = await cli(SITE, '--result', result);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^budget: WARN \(16 checks/);
  const json = await cli(SITE, '--result', result, '--json');
  const report = JSON.parse(json.stdout) as { verdict: string; checks: unknown[] };
  assert.equal(report.verdict, 'warn');
  assert.equal(report.checks.length, 16);
  const md = await cli(SITE, '--result', result, '--markdown');
  assert.match(md.stdout, /^### loadline budget: ⚠️ warn/);
});

test('an error-level violation exits 99, a glob matching nothing included', async () => {
  writeFileSync(join(dir, 'loadline.budget.json'), JSON.stringify({ bundles: [{ name: 'js', files: 'build/*.js', brotli: '10KB' }] }));
  const none = await cli(dir);
  assert.equal(none.code, 99);
  assert.match(none.stdout, /no file matches build\/\*\.js/);
  const lh = await cli(dir, join(dir, 'loadline.budget.json'), '--lighthouse', join(SITE, 'lighthouse'));
  assert.equal(lh.code, 99);
  assert.match(lh.stdout, /lighthouse +LCP +median +2600 ms/);
});

test('bad budget files exit 2 naming file and field', async () => {
  const unknown = join(dir, 'unknown.yaml');
  writeFileSync(unknown, 'api:\n  - endpoint: total\n    p59: 100ms\n');
  let r = await cli(dir, unknown, '--result', result);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown\.yaml:3: api\[0\]\.p59: expected no such field/);
  const slo = join(dir, 'slo.yaml');
  writeFileSync(slo, 'slos:\n  - "latency is fine"\n');
  r = await cli(dir, slo, '--result', result);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /slo\.yaml: slos\[0\]: got "latency is fine", expected an expression/);
  r = await cli(dir, join(SITE, 'loadline.budget.yaml'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /api: expected a result file to check against \(--result result\.json\)/);
  const empty = mkdtempSync(join(tmpdir(), 'loadline-budget-none-'));
  r = await cli(empty);
  rmSync(empty, { recursive: true, force: true });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no budget file given/);
});
