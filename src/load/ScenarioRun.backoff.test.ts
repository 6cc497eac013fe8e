import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from './ScenarioRun.js';

test('scenario against a refused port: VUs back off between iterations; every request is a refused error, every check fails', async (t) => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const dir = mkdtempSync(join(tmpdir(), 'loadline-backoff-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'two-steps.yaml');
  writeFileSync(file, `name: two-steps
flows:
  - name: f
    steps:
      - request: { name: a, path: /a, check: [{ status: 200 }] }
      - request: { name: b, path: /b }
`);
  const result = await runScenario({ scenario: file, target: `http://127.0.0.1:${port}`, vus: 3, durationMs: 1500 });
  const total = result.summary.total;
  // Two requests per iteration, at most ~9 iterations per VU in 1.5 s (5, 10, ... 640 ms waits).
  assert.ok(total.requests >= 6 && total.requests <= 3 * 10 * 2, `requests ${total.requests}`);
  assert.equal(total.errors.byKind.refused, total.requests);
  assert.equal(result.summary.checks!.passes, 0);
  assert.equal(result.summary.checks!.fails, result.summary.endpoints.find((e) => e.name === 'a')!.requests);
});
