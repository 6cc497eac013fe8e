import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseResult } from '../core/index.js';
import { spawnCli, unwrapped } from './cliProcess.test-kit.js';

const tmp = mkdtempSync(join(tmpdir(), 'loadline-outputs-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

async function target(t: { after(fn: () => unknown): void }) {
  const state = { served: 0 };
  const server = createServer((_req, res) => {
    state.served++;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, state };
}

test('a bad output path is rejected before any load, naming the flag (exit 2): run --out/--html, find --out/--html, report -o', async (t) => {
  const { url, state } = await target(t);
  const missing = join(tmp, 'no-such-dir', 'x.json');
  const cases: Array<[string[], RegExp]> = [
    [['run', url, '--duration', '1s', '--out', missing], /--out: got ".*no-such-dir.*x\.json", expected a file in an existing directory/],
    [['run', url, '--duration', '1s', '--html', missing], /--html: got ".*", expected a file in an existing directory/],
    [['run', url, '--duration', '1s', '--out', tmp], /--out: got ".*", expected a file path, not a directory/],
    [['find', url, '--slo', 'p(95)<100', '--step-duration', '1s', '--out', missing], /--out: got ".*", expected a file in an existing directory/],
    [['find', url, '--slo', 'p(95)<100', '--step-duration', '1s', '--html', missing], /--html: got ".*", expected a file in an existing directory/],
  ];
  for (const [args, message] of cases) {
    const r = await spawnCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.equal(state.served, 0, 'no request was sent');
  const resultFile = join(tmp, 'for-report.json');
  const ok = await spawnCli(['run', url, '--amount', '5', '--vus', '1', '--quiet', '--out', resultFile]);
  assert.equal(ok.code, 0, ok.stderr);
  const report = await spawnCli(['report', resultFile, '-o', missing]);
  assert.equal(report.code, 2, report.stderr);
  assert.match(report.stderr, /--out: got ".*", expected a file in an existing directory/);
});

test('a write that still fails at the end prints the summary, keeps the result in the temp folder and says where (exit 1)', async (t) => {
  const { url, state } = await target(t);
  const dir = join(tmp, 'goes-away');
  mkdirSync(dir);
  const out = join(dir, 'result.json');
  // The folder exists when the run starts (the check passes) and is gone when the run ends.
  const r = await spawnCli(['run', url, '--vus', '2', '--duration', '1s', '--out', out], {
    onSpawn: () => {
      const poll = setInterval(() => {
        if (state.served > 0) {
          clearInterval(poll);
          rmSync(dir, { recursive: true, force: true });
          writeFileSync(dir, 'a file where the folder was');
        }
      }, 10);
      t.after(() => clearInterval(poll));
    },
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /Endpoint .*Requests/, 'the summary is printed');
  assert.doesNotMatch(r.stdout, /result written to/);
  const kept = /--out: could not write .*result\.json \(.*\); kept it at (\S+) instead/.exec(unwrapped(r.stderr));
  assert.ok(kept, r.stderr);
  t.after(() => rmSync(kept[1]!, { force: true }));
  const result = parseResult(readFileSync(kept[1]!, 'utf8'), kept[1]!);
  assert.equal(result.summary.total.requests, state.served);
});
