import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { spawnCli } from './cliProcess.test-kit.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/scenarios/${name}`, import.meta.url));

async function target(t: { after(fn: () => unknown): void }) {
  const server = createServer((req, res) => {
    req.resume();
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('--quiet hides progress and the table, never a failed threshold (exit 99 with the failure on stderr); a pass prints nothing', async (t) => {
  const url = await target(t);
  const failed = await spawnCli(['run', url, '--amount', '20', '--vus', '2', '--quiet', '--threshold', 'http_req_duration:max<0.001', '--threshold', 'http_req_failed:rate<0.5']);
  assert.equal(failed.code, 99, failed.stderr);
  assert.equal(failed.stdout, '');
  assert.match(failed.stderr, /FAIL http_req_duration:max<0\.001 +observed [\d.]+/);
  assert.doesNotMatch(failed.stderr, /http_req_failed/, 'only failed thresholds are listed');
  const passed = await spawnCli(['run', url, '--amount', '20', '--vus', '2', '--quiet', '--threshold', 'http_req_failed:rate<0.5']);
  assert.equal(passed.code, 0, passed.stderr);
  assert.equal(passed.stdout, '');
  assert.equal(passed.stderr, '');
});

test('an abortOnFail threshold exits 99 like any crossed threshold (as k6); the status says aborted', async (t) => {
  const url = await target(t);
  const r = await spawnCli(['run', fixture('abort-slow.ts'), '--target', url, '--vus', '2', '--duration', '30s', '--quiet']);
  assert.equal(r.code, 99, r.stderr);
  assert.match(r.stderr, /run aborted/);
  assert.match(r.stderr, /FAIL checks:rate>0\.99 .*\(aborted the run\)/);
  const json = await spawnCli(['run', fixture('abort-slow.ts'), '--target', url, '--vus', '2', '--duration', '30s', '--json']);
  assert.equal(json.code, 99, json.stderr);
  assert.equal((JSON.parse(json.stdout) as { status: string }).status, 'aborted');
});
