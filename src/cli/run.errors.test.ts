import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseResult } from '../core/index.js';
import { spawnCli } from './cliProcess.test-kit.js';

const tmp = mkdtempSync(join(tmpdir(), 'loadline-errors-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('a request that gets a 4xx and fails its checks is failed once: errors.total <= requests, the table never shows more than 100 %', async (t) => {
  const server = createServer((req, res) => {
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.end('nothing here');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scenario = join(tmp, 'failing-checks.yaml');
  writeFileSync(
    scenario,
    `target: ${origin}
flows:
  - name: browse
    steps:
      - request:
          name: missing
          path: /missing
          check:
            - status: 200
            - body: { contains: welcome }
            - header: { name: x-request-id, present: true }
      - request:
          name: home
          path: /
          check:
            - body: { contains: welcome }
`,
  );
  // Worker threads merge the same counts.
  for (const workers of ['1', '2']) {
    const out = join(tmp, `failing-checks-${workers}.json`);
    const r = await spawnCli(['run', scenario, '--vus', '2', '--amount', '10', '--workers', workers, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const result = parseResult(readFileSync(out, 'utf8'), out);
    const [missing, home] = result.summary.endpoints;
    // 404 + three failed checks: one failed request, listed under both kinds.
    assert.equal(missing!.requests, 10);
    assert.equal(missing!.errors.total, 10);
    assert.equal(missing!.errors.byKind.http4xx, 10);
    assert.equal(missing!.errors.byKind.check, 10);
    // 200 whose check fails: failed by its check only, not by http_req_failed.
    assert.equal(home!.errors.total, 10);
    assert.equal(home!.errors.byKind.check, 10);
    assert.equal(result.summary.total.errors.total, 20);
    assert.equal(result.summary.total.requests, 20);
    assert.equal(result.summary.errorRate, 0.5);
    assert.deepEqual([result.summary.checks!.passes, result.summary.checks!.fails], [0, 40]);
    for (const pct of r.stdout.matchAll(/(\d+(?:\.\d+)?)%/g)) assert.ok(Number(pct[1]) <= 100, `${pct[0]} in:\n${r.stdout}`);
    assert.match(r.stdout, /Failed %/);
    assert.match(r.stdout, /failed 100\.00% \(status, transport error or check\)\nerror rate 50\.00% \(http_req_failed: checks not counted\)/);
  }
});
