import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { listenOnLoopback } from '../testing/loopbackServer.js';
import { spawnCli } from './cliProcess.test-kit.js';

test('--amount below the VU count sends exactly that many requests and exits (autocannon users try -a 5 first)', async (t) => {
  let served = 0;
  const target = await listenOnLoopback((_req, res) => {
    served++;
    res.end('ok');
  });
  t.after(target.close);
  const url = `${target.url}/`;
  // Before the fix the run never ended (a core spinning, memory growing); kill it rather than hang the suite.
  let child: ChildProcess | undefined;
  let killed = false;
  const guard = setTimeout(() => {
    killed = true;
    child?.kill('SIGKILL');
  }, 15_000);
  t.after(() => {
    clearTimeout(guard);
    if (child?.exitCode === null) child.kill('SIGKILL');
  });
  const r = await spawnCli(['run', url, '--amount', '3', '--json'], { onSpawn: (c) => (child = c) });
  assert.equal(killed, false, 'loadline run --amount 3 (10 VUs) did not end within 15 s');
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { summary: { total: { requests: number } } }).summary.total.requests, 3);
  assert.equal(served, 3);
});
