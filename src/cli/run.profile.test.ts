import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { isLoadlineError, parseResult } from '../core/index.js';
import { spawnCli } from './cliProcess.test-kit.js';
import { parseRunArgs, progressLabel } from './run.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/scenarios/${name}`, import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'loadline-profile-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

async function target(t: { after(fn: () => unknown): void }) {
  const state = { served: 0, byPath: {} as Record<string, number> };
  const server = createServer((req, res) => {
    state.served++;
    state.byPath[req.url!] = (state.byPath[req.url!] ?? 0) + 1;
    req.resume();
    req.on('end', () => {
      res.statusCode = req.url === '/broken' ? 503 : 200;
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state };
}

const parse = (args: string[]) => {
  const r = parseRunArgs(['http://127.0.0.1:1/', ...args]);
  assert.notEqual(r, 'help');
  return r as Exclude<typeof r, 'help'>;
};

test('--profile with --rate: the profile shape at the peak rate R (open model); --scale multiplies the rate, --duration stretches', () => {
  const spike = parse(['--profile', 'spike', '--rate', '200/s']);
  assert.equal(spike.load.model, 'open');
  assert.equal(spike.load.rate, 20);
  assert.deepEqual(spike.load.stages!.map((s) => [s.durationMs, s.target]), [[30_000, 20], [0, 200], [60_000, 200], [0, 20], [60_000, 20]]);
  assert.deepEqual(spike.profile, { name: 'spike', unit: 'rate', peak: 200, scale: 1 });
  assert.equal(spike.load.vus, undefined, 'in flight: the engine default for the peak');

  const ramp = parse(['--profile', 'ramp', '--rate', '6000/m', '--scale', '0.5', '--duration', '1s', '--vus', '7']);
  assert.equal(ramp.load.rate, undefined, 'ramp starts from no arrivals');
  assert.deepEqual(ramp.load.stages, [{ durationMs: 1000, target: 50 }]);
  assert.equal(ramp.load.durationMs, undefined);
  assert.equal(ramp.load.vus, 7, '--vus caps iterations in flight');
  assert.deepEqual(ramp.profile, { name: 'ramp', unit: 'rate', peak: 50, scale: 0.5 });

  const users = parse(['--profile', 'spike', '--scale', '0.1']);
  assert.equal(users.load.model, undefined);
  assert.equal(users.load.vus, 10);
  assert.deepEqual(users.profile, { name: 'spike', unit: 'users', peak: 100, scale: 0.1 });
  assert.equal(parse(['--vus', '3']).profile, undefined);

  assert.equal(progressLabel(spike.profile), 'loadline profile spike (arrival rate, peak 200/s)');
  assert.equal(progressLabel(users.profile), 'loadline profile spike (users, peak 100 VUs)');
  assert.equal(progressLabel(undefined), 'loadline');

  const usage = (args: string[], message: RegExp) =>
    assert.throws(() => parse(args), (err) => {
      assert.ok(isLoadlineError(err), String(err));
      assert.match(err.message, message);
      return true;
    });
  usage(['--profile', 'smoke', '--rate', '10/s', '--stage', '1s:5'], /--stage: .*either --profile or --stage/);
  usage(['--profile', 'smoke', '--rate', '10/s', '--amount', '5'], /--amount: .*either --profile or --amount/);
  usage(['--profile', 'smoke', '--vus', '5'], /--vus: .*either --profile or --vus/);
  usage(['--profile', 'smoke', '--rate', '0'], /--rate: got "0"/);
  usage(['--profile', 'smoke', '--rate', 'fast'], /--rate: got "fast"/);
});

test('loadline run URL --profile smoke --rate 40/s --duration 1s: open model at 40/s, the summary names profile and unit', async (t) => {
  const { url, state } = await target(t);
  const out = join(tmp, 'smoke-rate.json');
  const r = await spawnCli(['run', `${url}/x`, '--profile', 'smoke', '--rate', '40/s', '--duration', '1s', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const result = parseResult(readFileSync(out, 'utf8'), out);
  assert.equal(result.summary.model, 'open');
  assert.equal(result.config.rate, 40);
  assert.deepEqual(result.config.stages, [{ durationMs: 1000, target: 40 }]);
  assert.deepEqual(result.config.profile, { name: 'smoke', unit: 'rate', peak: 40, scale: 1 });
  const n = result.summary.iterations!.count;
  assert.ok(n >= 34 && n <= 42, `${n} arrivals in 1 s at 40/s`);
  assert.equal(result.summary.total.requests, state.served);
  // The first line, unwrapped (at 80 columns it continues on an indented line).
  assert.match(r.stdout.replace(/\n {2}/g, ' ').split('\n')[0]!, /: open model, profile smoke \(arrival rate, peak 40\/s\), up to \d+ in flight, 1\.\ds measured/);
});

test('a scenario with --profile ramp --rate --workers 2: tagged custom metrics merged exactly, summary table and result', async (t) => {
  const { url, state } = await target(t);
  const out = join(tmp, 'ramp-rate.json');
  // A wide terminal: the custom metrics table keeps its Thresholds column (at 80 it moves to the list below).
  const r = await spawnCli(['run', fixture('custom-metrics.yaml'), '--target', url, '--profile', 'ramp', '--rate', '80/s', '--duration', '1s', '--workers', '2', '--out', out], { env: { ...process.env, COLUMNS: '200' } });
  assert.equal(r.code, 0, r.stderr);
  const result = parseResult(readFileSync(out, 'utf8'), out);
  assert.deepEqual(result.config.profile, { name: 'ramp', unit: 'rate', peak: 80, scale: 1 });
  assert.equal(result.summary.model, 'open');
  const n = result.summary.iterations!.count;
  // A linear ramp from 0 to 80/s over 1 s: about 40 arrivals.
  assert.ok(n >= 25 && n <= 50, `${n} arrivals`);
  const m = result.summary.metrics!;
  const ep = (name: string) => result.summary.endpoints.find((e) => e.name === name)!.requests;
  // Every response fed its series once, over both workers (the counts add up across series and the
  // total), exactly as the endpoint stats count them: no warm-up, no request cut when the run closes.
  const items = m['api_response_time{endpoint:items}']!.count!;
  const login = m['api_response_time{endpoint:login,method:POST}']!.count!;
  const broken = m['api_errors{endpoint:broken}']!.count!;
  assert.equal(m.api_response_time!.count, items + login + broken, 'the total holds the tagged and the untagged samples');
  assert.equal(m['api_errors{endpoint:broken}']!.value, broken, '/broken always fails');
  assert.deepEqual([items, login, broken], [ep('items'), ep('login'), ep('broken')], 'series counts equal endpoint requests');
  assert.equal(m['api_success_rate{endpoint:items}']!.rate, 1);
  assert.deepEqual((m['queue_depth{shard:1}'] as unknown as { tags: unknown }).tags, { shard: '1' });
  assert.ok(state.byPath['/broken']! >= ep('broken'));
  const th = Object.fromEntries(result.thresholds.map((x) => [x.expression, x]));
  assert.equal(th['api_response_time{endpoint:login}:count>=1']!.observed, login);
  assert.equal(th['api_errors{endpoint:broken}:count<1']!.ok, false);
  assert.equal(th['api_errors{endpoint:broken}:count<1']!.level, 'warn');
  assert.match(r.stdout, /open model, profile ramp \(arrival rate, peak 80\/s\), up to \d+ in flight/);
  assert.match(r.stdout, /│ Custom metric +│ Type/);
  assert.match(r.stdout, /│   \{endpoint:broken\} +│ counter │ +\d+ │ .*│ WARN count<1/);
  assert.match(r.stdout, /│   \{endpoint:login\} +│ trend +│ +│ tag filter +│ PASS p\(95\)<5000, PASS count>=1/);
});

test('run --help says --profile works with --rate', async () => {
  const r = await spawnCli(['run', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /With --rate R the\s+profile's shape drives arrivals instead \(open model\)/);
  assert.match(r.stdout, /--scale X +multiplies the profile's users \(or its rate\)/);
});
