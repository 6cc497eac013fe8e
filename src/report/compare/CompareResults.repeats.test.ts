import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../core/index.js';
import type { RepeatedRunResult } from '../../core/result/resultRepeats.js';
import { syntheticResult } from '../SyntheticResult.js';
import { compareResults } from './CompareResults.js';

/** A file as `run --repeat N` writes it: the first run's body, every run's summary in `repeats`. */
function repeatedFile(from: number, slowdown = 1): RepeatedRunResult {
  const runs = [0, 1, 2, 3, 4].map((k) => syntheticResult({ seed: from + k, slowdown, durationS: 10 }));
  return { ...runs[0]!, repeats: runs.map((r, i) => ({ startedAt: r.startedAt, endedAt: r.endedAt, status: r.status, summary: r.summary, thresholds: r.thresholds, ...(i === 0 ? { representative: true } : {}) })) };
}

test("a file's repeats are independent repeats: Welch interval, same server passes, 30 % slower fails", () => {
  const base = repeatedFile(10);
  const same = compareResults([base], [repeatedFile(20)]);
  assert.equal(same.method, 'repeats');
  assert.equal(same.baselineRuns, 5);
  assert.equal(same.currentRuns, 5);
  assert.notEqual(same.verdict, 'fail');
  const slow = compareResults([base], [repeatedFile(30, 1.3)]);
  assert.equal(slow.method, 'repeats');
  const p95 = slow.rows.find((r) => r.scope === 'total' && r.metric === 'p95')!;
  assert.equal(p95.method, 'repeats');
  assert.equal(p95.level, 'fail', p95.reason);
  assert.equal(slow.verdict, 'fail');
});

test('the baseline value is the median over the repeats, not the representative run', () => {
  const base = repeatedFile(10);
  const p95s = base.repeats!.map((r) => r.summary.total.latency.p95).sort((a, b) => a - b);
  const report = compareResults([base], [repeatedFile(20)], { metrics: ['p95'] });
  assert.equal(report.rows[0]!.baseline, p95s[2]);
});

test('files without repeats, one per side, still use the bootstrap; forcing bootstrap ignores repeats', () => {
  const plain = (seed: number): RunResult => syntheticResult({ seed, durationS: 10 });
  assert.equal(compareResults([plain(1)], [plain(2)]).method, 'bootstrap');
  const forced = compareResults([repeatedFile(10)], [repeatedFile(20)], { method: 'bootstrap' });
  assert.equal(forced.method, 'bootstrap');
  assert.equal(forced.baselineRuns, 1);
});

test('loadline compare a.json b.json reads repeats from the files and fails a 30 % slower server', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-compare-repeats-'));
  try {
    writeFileSync(join(dir, 'a.json'), JSON.stringify(repeatedFile(10)));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(repeatedFile(30, 1.3)));
    const main = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [main, 'compare', join(dir, 'a.json'), join(dir, 'b.json'), '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.on('close', (c) => resolve({ code: c, stdout }));
    });
    assert.equal(code, 99, stdout);
    const report = JSON.parse(stdout);
    assert.equal(report.method, 'repeats');
    assert.equal(report.baselineRuns, 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
