import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseResult } from '../core/index.js';
import { spawnCli } from './cliProcess.test-kit.js';



const loadline = (args: string[], onSpawn?: (child: ChildProcess) => void) => spawnCli(args, { onSpawn });

async function target(t: { after(fn: () => unknown): void }) {
  const state = { served: 0 };
  const server = createServer((_req, res) => {
    state.served++;
    setTimeout(() => res.end('{"ok":true}'), 1);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state };
}

const tmp = mkdtempSync(join(tmpdir(), 'loadline-run-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('loadline run prints the summary table, writes a valid result and exits 0 when thresholds pass', async (t) => {
  const { url, state } = await target(t);
  const out = join(tmp, 'ok.json');
  const r = await loadline(['run', `${url}/api/users`, '--vus', '3', '--duration', '1s', '--header', 'Authorization: Bearer hunter2', '--threshold', 'http_req_duration:p(95)<500', '--threshold', 'http_req_failed:rate<0.01', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  // 80 columns (not a terminal): latency and counts in two tables.
  assert.match(r.stdout, /Endpoint .*Avg .*P50 .*P95 .*P99 .*Max .*\n(.*\n)+.*Endpoint .*Requests .*RPS .*Failed % .*Status codes/);
  for (const line of r.stdout.split('\n')) assert.ok(line.length <= 80, `${line.length} columns: ${line}`);
  assert.match(r.stdout, /GET \/api\/users/);
  assert.match(r.stdout, /PASS http_req_duration:p\(95\)<500/);
  assert.match(r.stdout, /closed model/);
  const result = parseResult(readFileSync(out, 'utf8'), out);
  assert.equal(result.summary.total.requests, state.served);
  assert.equal(result.status, 'completed');
  assert.ok(!readFileSync(out, 'utf8').includes('hunter2'));
  assert.ok(!r.stdout.includes('hunter2') && !r.stderr.includes('hunter2'));
});

test('--json prints the summary as JSON; a failing threshold exits 99', async (t) => {
  const { url } = await target(t);
  const r = await loadline(['run', url, '--rate', '100/s', '--duration', '500ms', '--json', '--threshold', 'http_req_duration:max<0.001']);
  assert.equal(r.code, 99, r.stderr);
  const json = JSON.parse(r.stdout) as { summary: { model: string; total: { requests: number } }; thresholds: Array<{ ok: boolean }> };
  assert.equal(json.summary.model, 'open');
  assert.equal(json.summary.total.requests, 50);
  assert.equal(json.thresholds[0]!.ok, false);
});

test('bad input is rejected before any load, naming the flag, the value and what was expected (exit 2)', async (t) => {
  const { url, state } = await target(t);
  const cases: Array<[string[], RegExp]> = [
    [['--duration', '30x'], /--duration: got "30x", expected a duration/],
    [['--rate', 'fast'], /--rate: got "fast", expected a positive rate/],
    [['--header', 'NoColonHere'], /--header: got "\[REDACTED\]", expected 'Name: value'/],
    [['--threshold', 'http_req_duration:p95<'], /--threshold: got "http_req_duration:p95<"/],
    [['--threshold', 'http_req_durations:p(95)<5'], /--threshold: .*expected a known metric/],
    [['--stage', '30x:5'], /--stage: got "30x:5", expected DURATION:VUS/],
    [['--vus=-3'], /--vus: got "-3", expected an integer/],
    [['--bogus'], /unknown option --bogus\n/],
    [['--vu', '3'], /unknown option --vu; did you mean --vus\?/],
    [['--requests', '3'], /unknown option --requests; did you mean --amount\?/],
    // k6's --iterations counts iterations as --amount does (k6 scripts take it as k6 does).
    [['--iterations', '3', '--amount', '3'], /--iterations: got "3", expected either --iterations or --amount, not both/],
    [['--duraton', '1s'], /unknown option --duraton; did you mean --duration\?/],
    [['--vus'], /--vus: expected a value after it/],
    [['-d', '10'], /--duration: got "10", expected a duration with a unit, e.g. 10s/],
  ];
  for (const [flags, message] of cases) {
    const r = await loadline(['run', url, ...flags]);
    assert.equal(r.code, 2, `${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, flags.join(' '));
  }
  const secret = await loadline(['run', url, '--header', 'Authorization Bearer hunter2']);
  assert.equal(secret.code, 2);
  assert.match(secret.stderr, /--header: got "Authorization \[REDACTED\]"/);
  assert.ok(!secret.stderr.includes('hunter2'));
  const badUrl = await loadline(['run', 'not-a-url']);
  assert.equal(badUrl.code, 2);
  assert.match(badUrl.stderr, /URL: got "not-a-url", expected an absolute http/);
  assert.equal(state.served, 0);
});

test('an unreachable target completes with errors counted; thresholds decide the exit code', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const plain = await loadline(['run', `http://127.0.0.1:${port}/`, '--vus', '1', '--duration', '300ms']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /refused×/);
  const judged = await loadline(['run', `http://127.0.0.1:${port}/`, '--vus', '1', '--duration', '300ms', '--threshold', 'error_rate:rate<0.1']);
  assert.equal(judged.code, 99);
});

test('SIGINT stops gracefully, writes the partial result marked interrupted, exits 130', async (t) => {
  const { url, state } = await target(t);
  const out = join(tmp, 'interrupted.json');
  const r = await loadline(['run', url, '--vus', '2', '--duration', '60s', '--out', out], (child) => {
    const poll = setInterval(() => {
      if (state.served > 20) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 20);
  });
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /interrupted/);
  const result = parseResult(readFileSync(out, 'utf8'), out);
  assert.equal(result.status, 'interrupted');
  assert.ok(result.summary.total.requests > 20);
  assert.ok(result.summary.durationMs < 30_000);
  assert.match(r.stdout, /INTERRUPTED/);
});

test('run --help prints the options', async () => {
  const r = await loadline(['run', '--help']);
  assert.equal(r.code, 0);
  for (const flag of ['--vus', '--duration', '--rate', '--stage', '--amount', '--warmup', '--pipeline', '--threshold', '--out', '--json', '--quiet', '--expect-status']) assert.ok(r.stdout.includes(flag), flag);
});
