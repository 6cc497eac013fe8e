import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResult } from '../core/index.js';
import { startMonitoredDemoTarget } from '../demo/index.js';
import { spawnCli, unwrapped } from './cliProcess.test-kit.js';

const { LOADLINE_TOKEN: _drop, ...cleanEnv } = process.env;

test('run --monitor: the target monitor is sampled on the run time axis; 401 and unreachable monitors only warn', async (t) => {
  const target = await startMonitoredDemoTarget({ latencyScale: 0.2, intervalMs: 200, token: 'sekret-sekret-sekret' });
  const dir = mkdtempSync(join(tmpdir(), 'loadline-run-monitor-'));
  t.after(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const run = (name: string, extra: string[], env: NodeJS.ProcessEnv = cleanEnv) =>
    spawnCli(['run', `${target.url}/api/users`, '--vus', '4', '--duration', '1200ms', '--warmup', '300ms', '--quiet', '--out', join(dir, `${name}.json`), ...extra], { env });
  const [good, envToken, wrong, down] = await Promise.all([
    run('good', ['--monitor', target.url, '--monitor-token', 'sekret-sekret-sekret', '--html', join(dir, 'good.html')]),
    run('env', ['--monitor', target.url], { ...cleanEnv, LOADLINE_TOKEN: 'sekret-sekret-sekret' }),
    run('wrong', ['--monitor', target.url, '--monitor-token', 'nope']),
    run('down', ['--monitor', 'http://127.0.0.1:1']),
  ]);

  assert.equal(good.code, 0, good.stderr);
  assert.equal(good.stderr, '');
  const result = parseResult(readFileSync(join(dir, 'good.json'), 'utf8'), 'good.json');
  assert.equal(result.server?.source, target.url);
  const points = result.server!.points;
  assert.ok(points.length >= 3, `server points: ${points.length}`);
  // Same axis as the client series: seconds since the measured start, warm-up excluded.
  for (const p of points) assert.ok(p.t >= 0 && p.t <= 1.2 + 0.2 + 0.01, `t=${p.t}`);
  assert.ok(points.every((p, i) => i === 0 || p.t > points[i - 1]!.t));
  assert.ok(points.some((p) => (p.serverRps ?? 0) > 0), 'the server saw the load');
  assert.equal(typeof points[0]!.eventLoopDelayP99Ms, 'number');
  assert.ok(points[0]!.heapUsedBytes! > 0);
  const html = readFileSync(join(dir, 'good.html'), 'utf8');
  assert.match(html, /event-loop/i);

  assert.equal(envToken.code, 0, envToken.stderr);
  assert.ok(parseResult(readFileSync(join(dir, 'env.json'), 'utf8'), 'env.json').server!.points.length >= 3, 'LOADLINE_TOKEN is the default token');

  for (const [name, ran, why] of [['wrong', wrong, /answered 401.*--monitor-token/], ['down', down, /unreachable/]] as const) {
    assert.equal(ran.code, 0, `${name}: ${ran.stderr}`);
    assert.match(unwrapped(ran.stderr), why);
    assert.match(unwrapped(ran.stderr), /\d+ poll\(s\) of the monitor .* failed; no server series stored/);
    const r = parseResult(readFileSync(join(dir, `${name}.json`), 'utf8'), name);
    assert.equal(r.status, 'completed');
    assert.ok(r.summary.total.requests > 0);
    assert.equal(r.server, undefined);
  }
  assert.ok(!existsSync(join(dir, 'wrong.html')));
});

test('run --monitor with a bad URL is bad usage, nothing sent', async () => {
  const ran = await spawnCli(['run', 'http://127.0.0.1:1/', '--monitor', 'not a url']);
  assert.equal(ran.code, 2);
  assert.match(ran.stderr, /--monitor: got "not a url", expected the base URL/);
});
