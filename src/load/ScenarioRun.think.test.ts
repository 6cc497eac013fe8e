import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { runScenario } from './ScenarioRun.js';

test('think time paces a VU; at the end, pauses are cut short and nothing more is sent', async (t) => {
  let served = 0;
  const server = createServer((_req, res) => {
    served++;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'loadline-think-'));
  t.after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = join(dir, 'think.yaml');
  writeFileSync(file, 'flows:\n  - name: slow\n    steps:\n      - request: { name: first, path: /a }\n      - think: 150ms\n      - request: { name: second, path: /b }\n      - think: 30s\n      - request: { name: never, path: /c }\n');
  const started = performance.now();
  const result = await runScenario({ scenario: file, target: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, vus: 2, durationMs: 400, gracefulStopMs: 100 });
  const took = performance.now() - started;
  const byName = Object.fromEntries(result.summary.endpoints.map((e) => [e.name, e.requests]));
  // Each VU: /a, 150 ms pause, /b, then a 30 s pause that the end of the run cuts short.
  assert.deepEqual(byName, { first: 2, second: 2, never: 0 });
  assert.ok(took < 5000, `ended without waiting for the 30 s pause (${Math.round(took)} ms)`);
  const after = served;
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(served, after, 'no request after the result');
  assert.equal(served, 4);
});
