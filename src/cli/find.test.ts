import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startRateCappedServer } from '../testing/index.js';
import { measured, spawnCli } from './cliProcess.test-kit.js';

const loadline = (args: string[]) => spawnCli(args);

function tempDir(t: { after(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-find-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a bad SLO exits 2 naming --slo and the text, before any load', async () => {
  const r = await loadline(['find', 'http://127.0.0.1:9/', '--slo', 'p(95)<127', '--slo', 'latency<3']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--slo/);
  assert.match(r.stderr, /"latency<3"/);
  const missing = await loadline(['find', 'http://127.0.0.1:9/']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--slo/);
});

test('an unreachable target stops the search early and is reported, exit 99', async (t) => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  const out = join(tempDir(t), 'find.json');
  const r = await loadline(['find', `http://127.0.0.1:${port}/`, '--slo', 'p(95)<100', '--start', '50', '--step-duration', '500ms', '--warmup', '0s', '--quiet', '--out', out]);
  assert.equal(r.code, 99, r.stderr);
  assert.match(r.stdout, /Stopped early: target failing hard at 50/);
  assert.match(r.stdout, /Max sustainable load: none/);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(report.stopReason, 'hard-failure');
  assert.equal(report.steps.length, 1);
  assert.ok(report.steps[0].refused > 0);
  assert.equal(report.maxSustainable, undefined);
});

test('find with its default ladder finds a 300/s service within 15 % in well under two minutes, and writes the ladder and the HTML report', async (t) => {
  const dir = tempDir(t);
  await measured(3, async () => {
    // A fresh target each attempt: nothing queued from the one before.
    const target = await startRateCappedServer({ ratePerSecond: 300 });
    t.after(() => target.close());
    const started = Date.now();
    const r = await loadline(['find', target.url, '--slo', 'p(95)<100', '--slo', 'http_req_failed:rate<1%', '--pid', String(process.pid), '--out', join(dir, 'find.json'), '--html', join(dir, 'report.html')]);
    const tookMs = Date.now() - started;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /offered\/s +achieved rps +avg ms +p95 ms +p99 ms +error % +CPU % +RSS MB +SLO/);
    assert.match(r.stderr, /^ladder 100\/s: achieved/m);
    const report = JSON.parse(readFileSync(join(dir, 'find.json'), 'utf8'));
    const table = r.stdout;
    assert.equal(report.format, 'loadline.capacity');
    // Doubling from 100/s: 100, 200, then 400 breaks; bisection does the rest.
    assert.deepEqual(report.steps.filter((s: { phase: string }) => s.phase === 'ladder').map((s: { offered: number }) => s.offered), [100, 200, 400], table);
    assert.ok(report.maxSustainable.rate >= 255 && report.maxSustainable.rate <= 315, table);
    assert.ok(report.breakingPoint.rate > report.maxSustainable.rate && report.breakingPoint.rate <= 400, table);
    assert.ok(tookMs < 60_000 && report.elapsedMs < 60_000, `took ${tookMs} ms\n${table}`);
    assert.ok(report.steps.every((s: { cpuPercent?: number; rssBytes?: number }) => s.cpuPercent !== undefined && s.rssBytes! > 0));
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.match(html, /data-testid="max-sustainable">[\d.]+</);
    assert.match(html, /data-testid="breaking-point">[\d.]+</);
    assert.match(html, /chart-capacity-throughput/);
  });
});

test('--mode spike reports how long p95 took to come back within the SLO after the spike', async (t) => {
  const dir = tempDir(t);
  const out = join(dir, 'spike.json');
  const html = join(dir, 'spike.html');
  // 2 s at 800/s on a 400/s server leaves ~800 queued; at a 50/s baseline that drains in ~2.3 s.
  await measured(3, async () => {
    const target = await startRateCappedServer({ ratePerSecond: 400 });
    t.after(() => target.close());
    const r = await loadline(['find', target.url, '--mode', 'spike', '--slo', 'p(95)<100', '--start', '50', '--max', '800', '--step-duration', '2s', '--warmup', '0s', '--quiet', '--out', out, '--html', html]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Recovered: p95 back within 100 ms/);
    // The HTML report carries the same verdict as the CLI: recovered, with its section, though the p95 SLO failed over the run.
    const page = readFileSync(html, 'utf8');
    assert.match(page, /class="verdict passed" data-testid="verdict">recovered</);
    const seconds = /data-testid="recovery-seconds">([\d.]+)</.exec(page)?.[1];
    assert.equal(seconds, (JSON.parse(readFileSync(out, 'utf8')).recovery.recoveryMs / 1000).toFixed(1));
    const report = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(report.format, 'loadline.spike');
    assert.equal(report.recovery.spike.endS, 4);
    assert.ok(report.recovery.recoveryMs >= 1000 && report.recovery.recoveryMs <= 4000, JSON.stringify(report.recovery));
    assert.ok(report.recovery.worstMs > 500);
  });
});

test('find runs a scenario file against its --target', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'ping.yaml');
  writeFileSync(file, 'name: ping\ntarget: http://127.0.0.1:9\nflows:\n  - name: ping\n    steps:\n      - request: { name: ping, path: /, check: [{ status: 200 }] }\n');
  const out = join(dir, 'find.json');
  await measured(3, async () => {
    const target = await startRateCappedServer({ ratePerSecond: 200 });
    t.after(() => target.close());
    const r = await loadline(['find', file, '--target', target.url.replace(/\/$/, ''), '--slo', 'p(95)<100', '--start', '100', '--step', '150', '--max', '250', '--step-duration', '1s', '--warmup', '300ms', '--refine', '0', '--quiet', '--out', out]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(report.target, file);
    assert.equal(report.maxSustainable.rate, 100);
    assert.equal(report.breakingPoint.rate, 250, JSON.stringify(report.steps));
    assert.ok(report.steps[0].requests > 50);
  });
  const bad = await loadline(['find', join(dir, 'missing.yaml'), '--slo', 'p(95)<100']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /scenario/);
});

test('--mode soak reports throughput, p95 and memory drift of the target (--pid)', async (t) => {
  const target = await startRateCappedServer({ ratePerSecond: 1000 });
  t.after(() => target.close());
  const out = join(tempDir(t), 'soak.json');
  const r = await loadline(['find', target.url, '--mode', 'soak', '--start', '50', '--duration', '3s', '--warmup', '0s', '--window', '1s', '--pid', String(process.pid), '--max-degradation', '1000%', '--quiet', '--out', out]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Throughput drop: [+-][\d.]+%, p95 increase: [+-][\d.]+%, memory growth: [+-][\d.]+%/);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(report.format, 'loadline.soak');
  assert.ok(report.degradation.first.rps > 30 && report.degradation.last.rps > 30, JSON.stringify(report.degradation));
  assert.ok(report.degradation.first.rssBytes > 1e6);
  assert.ok(report.process.length >= 2);
});
