import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runScenario } from './ScenarioRun.js';

test('abortOnFail with delayAbortEval: the run stops once the delay passed, status aborted', async (t) => {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const started = performance.now();
  const result = await runScenario({
    scenario: fileURLToPath(new URL('../../test/fixtures/scenarios/abort-slow.yaml', import.meta.url)),
    target: origin,
    vus: 2,
    durationMs: 20_000,
    intervalMs: 50,
  });
  const took = performance.now() - started;
  assert.equal(result.status, 'aborted');
  assert.ok(result.summary.durationMs >= 300, `not judged before delayAbortEval (${result.summary.durationMs} ms)`);
  assert.ok(took < 10_000, `stopped early (${Math.round(took)} ms)`);
  assert.equal(result.thresholds[0]!.ok, false);
  assert.equal(result.thresholds[0]!.abortOnFail, true);
});
