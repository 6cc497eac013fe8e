import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoReport } from '../demo/index.js';
import { processAlive, spawnCli } from './cliProcess.test-kit.js';

/** The pids of the forum processes the demo printed (`(pid N)`), to check none outlives it. */
function forumPids(stdout: string): number[] {
  return [...stdout.matchAll(/service: http:\/\/127\.0\.0\.1:\d+ \(pid (\d+)\)/g)].map((m) => Number(m[1]));
}

test('loadline demo --quick: both load lines found, the naive one explained, the gain written as JSON and HTML, exit 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-demo-'));
  let child: import('node:child_process').ChildProcess | undefined;
  const guard = setTimeout(() => child?.kill('SIGKILL'), 100_000);
  try {
    const out = join(dir, 'demo.json');
    const ran = await spawnCli(['demo', '--quick', '--out', out], { onSpawn: (c) => (child = c) });
    assert.equal(ran.code, 0, ran.stderr + ran.stdout);
    for (const pid of forumPids(ran.stdout)) assert.equal(processAlive(pid), false, `forum process ${pid} still running`);
    assert.equal(forumPids(ran.stdout).length, 2, ran.stdout);

    const report = JSON.parse(readFileSync(out, 'utf8')) as DemoReport;
    assert.equal(report.format, 'loadline.demo');
    const naive = report.naive!;
    const optimized = report.optimized!;
    assert.ok(naive.maxSustainable! > 0, `naive max: ${naive.maxSustainable}`);
    assert.ok(optimized.maxSustainable! > 0, `optimized max: ${optimized.maxSustainable}`);
    assert.equal(report.gain, Math.round((optimized.maxSustainable! / naive.maxSustainable!) * 100) / 100);
    assert.ok(report.gain! > 1, `gain ${report.gain}: naive ${naive.maxSustainable}/s, optimized ${optimized.maxSustainable}/s`);
    assert.ok(naive.capacity.steps.length >= 2 && optimized.capacity.steps.length >= 2);
    assert.deepEqual(naive.fixes, []);
    assert.ok(optimized.fixes.includes('n+1') && optimized.fixes.includes('index'));

    // Naive: the N+1 with its route and calling line, the scan of posts with its index.
    const d = naive.diagnosis!;
    const n1 = d.nPlusOne.find((f) => /from users where id = \?/.test(f.statement));
    assert.ok(n1, JSON.stringify(d.nPlusOne));
    assert.match(n1.route, /^GET \/api\/forums\//);
    assert.match(n1.callSite, /forum\/data\/sqlite\/SqliteStore\.js:\d+:\d+$/);
    assert.ok(n1.perRequest >= 5);
    const scan = d.scans.find((s) => s.table === 'posts' && s.hint !== undefined);
    assert.ok(scan, JSON.stringify(d.scans));
    assert.match(scan.hint!, /^CREATE INDEX \S+ ON posts \((topic_id|author_id)/);
    assert.match(scan.detail, /SCAN posts/);
    assert.ok(d.logins && d.logins.logins > 0);
    assert.ok(d.routes.length > 0);
    // Optimized: neither.
    assert.deepEqual(optimized.diagnosis!.nPlusOne, []);
    assert.deepEqual(optimized.diagnosis!.scans, []);
    assert.ok(naive.atNaiveMax && optimized.atNaiveMax);
    assert.equal(optimized.atNaiveMax.rate, naive.maxSustainable);

    assert.match(ran.stdout, /N\+1 {5}GET \/api\/forums\/\S+ runs "select id, name from users where id = \?"/);
    assert.match(ran.stdout, /index hint \(checked with the planner\): CREATE INDEX/);
    assert.match(ran.stdout, /\| Max sustainable RPS .*\| +\d[\d.,]*\/s \| +\d[\d.,]*\/s \| +[\d.]+x \|/);
    assert.match(ran.stdout, /\| P95 latency at [\d.,]+ RPS \(naive's max\)/);

    const html = readFileSync(join(dir, 'demo.html'), 'utf8');
    assert.match(html, /^<!doctype html>/i);
    assert.match(html, /data-testid="comparison"/);
    assert.match(html, /data-testid="ladder-0"[\s\S]*naive service[\s\S]*data-testid="ladder-1"[\s\S]*optimized service/);
    assert.match(html, /CREATE INDEX/);
    assert.equal(existsSync(`${out}.tmp-${child!.pid}`), false);
  } finally {
    clearTimeout(guard);
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
