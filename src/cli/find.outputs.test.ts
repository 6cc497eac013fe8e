import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../core/index.js';
import { formatCapacityText, formatSoakText, formatSpikeText, soakDegraded, soakReport, spikeReport, type CapacityReport } from '../load/index.js';
import { syntheticResult } from '../testing/index.js';
import { spawnCli, unwrapped } from './cliProcess.test-kit.js';
import { WARNING_WIDTH } from './stderrLines.js';

function tempDir(t: { after(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-find-outputs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A 12 s run at 100/s with a spike to 300/s from 4 s to 6 s, its p95 high during the spike and for 2 s after. */
function spikedResult(): RunResult {
  const result = syntheticResult({ seed: 7, durationS: 12, rps: 100 });
  result.series.points = result.series.points.map((p) => ({ ...p, rate: p.t > 4 && p.t <= 6 ? 300 : 100, ...(p.t > 4 && p.t <= 8 ? { p95: 400 } : {}) }));
  return result;
}

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** Lines of `text` longer than `width` that could have been wrapped (they hold a space after their indent). */
const overlong = (text: string, width: number) => text.split('\n').filter((l) => l.length > width && / /.test(l.trim()));

test('find --mode spike --result: the CLI writes and prints exactly the library report (spikeReport, formatSpikeText)', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'run.json');
  const result = spikedResult();
  writeFileSync(file, JSON.stringify(result));
  const out = join(dir, 'spike.json');
  const ran = await spawnCli(['find', '--mode', 'spike', '--result', file, '--slo', 'p(95)<127', '--out', out]);
  const library = spikeReport(result, { slos: ['p(95)<127'] });
  assert.equal(ran.code, 0, ran.stderr);
  assert.equal(library.recovery.recovered, true);
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), asJson(library));
  assert.equal(ran.stdout, `${formatSpikeText(library.recovery)}\nreport written to ${out}\n`);
  const json = await spawnCli(['find', '--mode', 'spike', '--result', file, '--slo', 'p(95)<127', '--json']);
  assert.deepEqual(JSON.parse(json.stdout), asJson(library));
});

test('find --mode soak --result: the CLI writes and prints exactly the library report (soakReport, formatSoakText, soakDegraded)', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'run.json');
  // Slower over time: the last window's p95 is above the first's.
  const result = syntheticResult({ seed: 3, durationS: 20 });
  result.series.points = result.series.points.map((p) => ({ ...p, p95: p.p95 * (1 + p.t / 20) }));
  writeFileSync(file, JSON.stringify(result));
  const out = join(dir, 'soak.json');
  const library = soakReport(result, { windowMs: 4000 });
  const ran = await spawnCli(['find', '--mode', 'soak', '--result', file, '--window', '4s', '--out', out]);
  assert.equal(ran.code, 0, ran.stderr);
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), asJson(library));
  assert.equal(ran.stdout, `${formatSoakText(library.degradation)}\nreport written to ${out}\n`);
  // --max-degradation decides as soakDegraded does.
  assert.ok(library.degradation.p95IncreasePercent > 10, `p95 +${library.degradation.p95IncreasePercent}%`);
  const [strict, lax] = await Promise.all([
    spawnCli(['find', '--mode', 'soak', '--result', file, '--window', '4s', '--max-degradation', '10%']),
    spawnCli(['find', '--mode', 'soak', '--result', file, '--window', '4s', '--max-degradation', '1000%']),
  ]);
  assert.equal(strict.code, soakDegraded(library.degradation, 0.1) ? 99 : 0);
  assert.equal(strict.code, 99);
  assert.equal(lax.code, 0);
});

test('find: a report write that fails after the search prints the report, keeps the files in the temp folder and says where, in 80 columns (exit 1)', async (t) => {
  const dir = tempDir(t);
  const gone = join(dir, 'goes-away');
  mkdirSync(gone);
  const out = join(gone, 'find.json');
  const html = join(gone, 'find.html');
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // The folder exists when find checks the paths and is a file by the time the search ends.
  const ran = await spawnCli(['find', url, '--slo', 'p(95)<1000', '--start', '20', '--max', '40', '--step-duration', '400ms', '--warmup', '0s', '--out', out, '--html', html], {
    onSpawn: (child) => {
      let removed = false;
      child.stderr!.on('data', (d: Buffer) => {
        if (!removed && /^ladder 20\/s/m.test(String(d))) {
          removed = true;
          rmSync(gone, { recursive: true, force: true });
          writeFileSync(gone, 'a file where the folder was');
        }
      });
    },
  });
  assert.doesNotMatch(ran.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(ran.code, 1, ran.stdout + ran.stderr);
  assert.match(ran.stdout, /Max sustainable load: at least 40\/s|Max sustainable load: 40\/s/, 'the report is printed');
  assert.doesNotMatch(ran.stdout, /report written to|HTML report written to/);
  const stderr = unwrapped(ran.stderr);
  const keptJson = /--out: could not write .*find\.json \(.*\); kept it at (\S+) instead/.exec(stderr);
  const keptHtml = /--html: could not write .*find\.html \(.*\); kept it at (\S+) instead/.exec(stderr);
  assert.ok(keptJson && keptHtml, ran.stderr);
  t.after(() => {
    rmSync(keptJson[1]!, { force: true });
    rmSync(keptHtml[1]!, { force: true });
  });
  const report = JSON.parse(readFileSync(keptJson[1]!, 'utf8')) as CapacityReport;
  assert.equal(report.format, 'loadline.capacity');
  assert.match(readFileSync(keptHtml[1]!, 'utf8'), /^<!doctype html>/i);
  // What the CLI printed is the library's text of the kept report.
  assert.equal(ran.stdout, `${formatCapacityText(report, { flags: true, width: WARNING_WIDTH })}\n`);
  assert.deepEqual(overlong(ran.stderr, WARNING_WIDTH), [], 'stderr wraps at 80 columns');
  // A long caveat and generator limit (a busy machine) wrap too; the table does not.
  const busy = formatCapacityText(
    { ...report, caveat: `the machine's CPUs were 97% busy during the holds at the line: the generator competed for CPU with the service and anything else running there, so the line may read low; search from a quieter machine or one of its own`, generatorLimit: { rate: 40, reason: 'its event loop was busy 99% of each hold, so arrivals started late and piled up on its side', suggestedWorkers: 2 } },
    { flags: true, width: WARNING_WIDTH },
  );
  assert.match(busy, /^Caveat: the machine's CPUs were 97% busy/m);
  assert.match(unwrapped(busy), /search from a quieter machine or one of its own\./);
  assert.deepEqual(overlong(busy, WARNING_WIDTH).filter((l) => !/^ *\d/.test(l)), []);
});
