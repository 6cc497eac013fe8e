import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseResult } from '../core/index.js';

test('loadline demo --quick: smoke, ramp and open run on the sample target, result written, exit 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-demo-'));
  try {
    const out = join(dir, 'demo.json');
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [fileURLToPath(new URL('./main.js', import.meta.url)), 'demo', '--quick', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (c) => resolve({ code: c, stdout, stderr }));
    });
    assert.equal(code, 0, stderr + stdout);
    assert.match(stdout, /sample target listening on http:\/\/127\.0\.0\.1:\d+/);
    assert.match(stdout, /== smoke/);
    assert.match(stdout, /== ramp/);
    assert.match(stdout, /GET \/api\/users/);
    assert.match(stdout, /PASS http_req_duration:p\(95\)<1000/);
    assert.match(stdout, /every threshold passed/);
    const result = parseResult(readFileSync(out, 'utf8'), out);
    assert.ok(result.summary.total.requests > 0);
    assert.ok(result.series.points.length >= 1);
    // The sample target runs with its monitor: the ramp's result holds server series, and the report plots them.
    assert.ok((result.server?.points.length ?? 0) >= 2, `server points: ${result.server?.points.length}`);
    assert.ok(result.server!.points.some((p) => (p.serverRps ?? 0) > 0));
    assert.match(stdout, /runtime monitor: http:\/\/127\.0\.0\.1:\d+\/metrics/);
    const html = readFileSync(join(dir, 'demo.html'), 'utf8');
    assert.match(html, /^<!doctype html>/i);
    assert.match(html, /event-loop/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
