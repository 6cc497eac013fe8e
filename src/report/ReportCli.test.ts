import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticResult } from './SyntheticResult.js';

const MAIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'loadline-report-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { cwd: dir, timeout: 30_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

const good = join(dir, 'result.json');
writeFileSync(good, JSON.stringify(syntheticResult({ seed: 1, durationS: 5, server: true })));

test('loadline report writes a self-contained page', async () => {
  const r = await cli('report', good, '-o', 'out.html', '--title', 'nightly');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote out\.html/);
  const html = readFileSync(join(dir, 'out.html'), 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /<title>nightly<\/title>/);
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=/, 'nothing loaded from elsewhere');
  assert.ok(html.includes('uPlot'), 'uPlot is inlined');
});

test('a result from another version, a truncated file and a missing file are rejected with exit 2', async () => {
  const v2 = join(dir, 'v2.json');
  writeFileSync(v2, JSON.stringify({ ...syntheticResult({ seed: 1, durationS: 2 }), version: 2 }));
  let r = await cli('report', v2);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /v2\.json: version: got 2, expected 1/);

  const cut = join(dir, 'cut.json');
  writeFileSync(cut, readFileSync(good, 'utf8').slice(0, 500));
  r = await cli('report', cut);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cut\.json: not valid JSON, the file may be truncated/);

  const broken = join(dir, 'broken.json');
  const data = syntheticResult({ seed: 1, durationS: 2 }) as unknown as { summary: { total: { requests: unknown } } };
  data.summary.total.requests = 'many';
  writeFileSync(broken, JSON.stringify(data));
  r = await cli('report', broken);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /broken\.json: summary\.total\.requests: got "many", expected a value of type integer/);

  r = await cli('report', join(dir, 'nope.json'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /nope\.json: cannot read result file \(ENOENT\)/);

  r = await cli('report');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /expected one result file/);
});
