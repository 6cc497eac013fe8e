import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listenOnLoopback } from '../testing/loopbackServer.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseResult } from '../core/index.js';
import { spawnCli } from './cliProcess.test-kit.js';
import { nearestFlag } from './args.js';

test("autocannon's short flags: -c connections (and as many VUs), -a amount, -m method, -H header, -b body, -p pipelining, -d duration, -k", async (t) => {
  const seen: Array<{ method: string; header: string | undefined; body: string }> = [];
  const target = await listenOnLoopback((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push({ method: req.method!, header: req.headers['x-test'] as string | undefined, body });
      res.end('ok');
    });
  });
  t.after(target.close);
  const url = `${target.url}/`;
  const r = await spawnCli(['run', url, '-c', '3', '-a', '12', '-m', 'POST', '-H', 'X-Test: yes', '-b', 'hello', '-p', '1', '-d', '20s', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(seen.length, 12);
  assert.deepEqual(new Set(seen.map((s) => `${s.method} ${s.header} ${s.body}`)), new Set(['POST yes hello']));
  const out = join(mkdtempSync(join(tmpdir(), 'loadline-flags-')), 'r.json');
  t.after(() => rmSync(dirname(out), { recursive: true, force: true }));
  const flagged = await spawnCli(['run', url, '-c', '4', '-a', '4', '--quiet', '--out', out]);
  assert.equal(flagged.code, 0, flagged.stderr);
  const config = parseResult(readFileSync(out, 'utf8'), out).config;
  assert.equal(config.vus, 4, "-c 4 alone is 4 VUs on 4 connections, as autocannon's");
  assert.equal(config.connections, 4);
});

test('nearestFlag: other tools\' names, prefixes and typos map to the flag; unrelated words get no suggestion', () => {
  const known = ['vus', 'duration', 'rate', 'amount', 'threshold', 'out', 'json', 'quiet', 'connections', 'pipeline', 'insecure', 'body', 'header'];
  assert.equal(nearestFlag('--vu', known), '--vus');
  assert.equal(nearestFlag('--vusers', known), '--vus');
  assert.equal(nearestFlag('--iterations', known), '--amount');
  assert.equal(nearestFlag('--treshold', known), '--threshold');
  assert.equal(nearestFlag('--connection', known), '--connections');
  assert.equal(nearestFlag('--pipelining', known), '--pipeline');
  assert.equal(nearestFlag('--quite', known), '--quiet');
  assert.equal(nearestFlag('--bogus', known), undefined);
  assert.equal(nearestFlag('-x', known), undefined);
});
