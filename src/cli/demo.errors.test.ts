import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoReport } from '../demo/index.js';
import { processAlive, spawnCli } from './cliProcess.test-kit.js';

test('loadline demo: an output folder that does not exist or a directory as --out exits 2 before any service starts, writing nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-demo-bad-'));
  try {
    const missing = await spawnCli(['demo', '--quick', '--out', join(dir, 'nope', 'demo.json')]);
    assert.equal(missing.code, 2, missing.stderr + missing.stdout);
    assert.match(missing.stderr, /--out: got ".*nope\/demo\.json", expected a file in an existing directory/);
    assert.doesNotMatch(missing.stdout, /service:/, 'no service started');
    const asDir = await spawnCli(['demo', '--quick', '--out', dir]);
    assert.equal(asDir.code, 2);
    assert.match(asDir.stderr, /--out: got .*, expected a file path, not a directory/);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loadline demo: bad flags exit 2 naming the flag', async () => {
  const port = await spawnCli(['demo', '--port', '3000']);
  assert.equal(port.code, 2);
  assert.match(port.stderr, /--port: got "3000", expected it only with --serve/);
  const scale = await spawnCli(['demo', '--scale', 'lots']);
  assert.equal(scale.code, 2);
  assert.match(scale.stderr, /--scale: got "lots", expected a number from 0\.01 to 20/);
  const mode = await spawnCli(['demo', '--serve', '--mode', 'fast']);
  assert.equal(mode.code, 2);
  assert.match(mode.stderr, /--mode: got "fast", expected naive or optimized/);
});

test('loadline demo --serve on a port in use exits 2 naming --port, and stops nothing of the other listener', async (t) => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  t.after(() => taken.close());
  const port = (taken.address() as import('node:net').AddressInfo).port;
  const ran = await spawnCli(['demo', '--serve', '--port', String(port)]);
  assert.equal(ran.code, 2, ran.stderr + ran.stdout);
  assert.match(ran.stderr, new RegExp(`--port: got ${port}, expected a free port \\(this one is in use; --port 0 picks a free one\\)`));
  assert.equal(taken.listening, true);
});

test('loadline demo: Ctrl-C during the naive search stops the service, keeps the steps measured, exit 130', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-demo-int-'));
  let child!: import('node:child_process').ChildProcess;
  const guard = setTimeout(() => child?.kill('SIGKILL'), 60_000);
  try {
    const out = join(dir, 'demo.json');
    let seen = '';
    let pid: number | undefined;
    const ran = await spawnCli(['demo', '--quick', '--out', out], {
      onSpawn: (c) => {
        child = c;
        c.stdout!.on('data', (d) => {
          seen += d;
          pid ??= Number(/\(pid (\d+)\)/.exec(seen)?.[1]) || undefined;
          // Interrupt once the first step is measured.
          if (/ ladder .*(met|missed)/.test(seen) && !c.killed) c.kill('SIGINT');
        });
      },
    });
    assert.equal(ran.code, 130, ran.stderr + ran.stdout);
    assert.match(ran.stdout, /stopping both services; what was measured is kept/);
    assert.match(ran.stdout, /naive service stopped/);
    assert.doesNotMatch(ran.stdout, /optimized service:/, 'the optimized service never started');
    assert.ok(pid !== undefined && !processAlive(pid), `forum process ${pid} still running`);
    const report = JSON.parse(readFileSync(out, 'utf8')) as DemoReport;
    assert.equal(report.interrupted, true);
    assert.ok(report.naive!.capacity.steps.length >= 1);
    assert.match(report.naive!.capacity.stoppedEarly ?? '', /interrupted/);
    assert.equal(report.optimized, undefined);
    assert.equal(report.gain, null);
    assert.ok(existsSync(join(dir, 'demo.html')));
    assert.deepEqual(readdirSync(dir).sort(), ['demo.html', 'demo.json'], 'no temporary file left');
  } finally {
    clearTimeout(guard);
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loadline demo: Ctrl-C in a terminal (SIGINT to the whole process group) while the naive service seeds: exit 130, no stack, nothing written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-demo-int2-'));
  const { spawn } = await import('node:child_process');
  const { CLI_MAIN } = await import('./cliProcess.test-kit.js');
  // Its own process group, as a shell gives a foreground job: the group's SIGINT reaches the forum's process too.
  const child = spawn(process.execPath, [CLI_MAIN, 'demo', '--quick', '--out', join(dir, 'demo.json')], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const guard = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000);
  try {
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout!.on('data', (d) => {
        const first = stdout === '';
        stdout += d;
        if (first) setTimeout(() => process.kill(-child.pid!, 'SIGINT'), 100);
      });
      child.on('close', (c) => resolve(c));
    });
    assert.equal(code, 130, stdout + stderr);
    assert.doesNotMatch(stderr, /\bat .*\.js:\d+/, 'no stack trace');
    assert.match(stdout, /stopping both services/);
    assert.deepEqual(readdirSync(dir), [], 'nothing measured, nothing written');
  } finally {
    clearTimeout(guard);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
