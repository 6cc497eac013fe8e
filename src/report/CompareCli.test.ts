import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticResult, type SyntheticResultOptions } from './SyntheticResult.js';

const MAIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'loadline-compare-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { cwd: dir, timeout: 30_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

function write(name: string, options: SyntheticResultOptions): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(syntheticResult({ durationS: 20, endpoints: [{ name: 'GET /a' }, { name: 'GET /b' }], ...options })));
  return file;
}

const base = write('base.json', { seed: 1 });
const same = write('same.json', { seed: 2 });
const slow = write('slow.json', { seed: 3, slowdown: 1.3 });

test('same server passes with exit 0; 30 % slower fails with exit 99', async () => {
  const ok = await cli('compare', base, same);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^verdict: PASS/);
  const bad = await cli('compare', base, slow, '--margin', '10%');
  assert.equal(bad.code, 99);
  assert.match(bad.stdout, /^verdict: FAIL/);
  assert.match(bad.stdout, /FAIL total p95: regression: CI \+\d/);
});

test('--json and --markdown outputs; --metric limits the metrics', async () => {
  const json = await cli('compare', base, slow, '--json', '--metric', 'p95,error_rate');
  assert.equal(json.code, 99);
  const report = JSON.parse(json.stdout) as { verdict: string; rows: Array<{ scope: string; metric: string; level: string }> };
  assert.equal(report.verdict, 'fail');
  assert.deepEqual([...new Set(report.rows.map((r) => r.metric))], ['p95', 'error_rate']);
  assert.deepEqual([...new Set(report.rows.map((r) => r.scope))], ['total', 'GET /a', 'GET /b']);
  const md = await cli('compare', base, same, '--markdown');
  assert.equal(md.code, 0);
  assert.match(md.stdout, /^### loadline compare: ✅ pass/);
  assert.match(md.stdout, /\n\| scope \| metric \| baseline \| current \| change \| CI \| level \|\n/);
});

test('independent repeats with --baseline and --current', async () => {
  const b = [write('b1.json', { seed: 11 }), write('b2.json', { seed: 12 }), write('b3.json', { seed: 13 })];
  const c = [write('c1.json', { seed: 21, slowdown: 1.3 }), write('c2.json', { seed: 22, slowdown: 1.3 }), write('c3.json', { seed: 23, slowdown: 1.3 })];
  const r = await cli('compare', ...b.flatMap((f) => ['--baseline', f]), ...c.flatMap((f) => ['--current', f]));
  assert.equal(r.code, 99, r.stdout + r.stderr);
  assert.match(r.stdout, /3 vs 3 independent runs/);
});

test('a baseline with other endpoints is reported as incompatible (exit 2), bad flags are usage errors', async () => {
  const other = write('other.json', { seed: 5, endpoints: [{ name: 'GET /a' }, { name: 'GET /c' }] });
  const r = await cli('compare', base, other);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /verdict: INCOMPATIBLE/);
  assert.match(r.stdout, /only in baseline: GET \/b/);
  assert.match(r.stdout, /only in current: {2}GET \/c/);
  const margin = await cli('compare', base, same, '--margin', 'lots');
  assert.equal(margin.code, 2);
  assert.match(margin.stderr, /--margin: got "lots", expected a percentage/);
  const metric = await cli('compare', base, same, '--metric', 'p50');
  assert.equal(metric.code, 2);
  assert.match(metric.stderr, /--metric: got "p50"/);
  const one = await cli('compare', base);
  assert.equal(one.code, 2);
});
