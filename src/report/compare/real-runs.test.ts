import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseResult, type RunResult } from '../../core/index.js';
import { runLoad } from '../../load/index.js';
import { compareResults, formatComparisonText } from '../index.js';

// The regression gate on result files recorded from real runs (issue: ten pairs of the same
// server all pass, ten pairs against a 30 % slower server all fail). Each run is short (1.5 s at
// 150 arrivals/s, 250 ms series intervals so the bootstrap has blocks to resample). The two runs
// of a pair are recorded at the same time: on a shared machine a neighbour's CPU burst then hits
// both sides alike instead of one, as interleaving does in tachometer.

const PAIRS = 10;
const RUN = { rate: 150, durationMs: 1500, warmupMs: 300, intervalMs: 250 } as const;

async function delayedServer(delayMs: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    setTimeout(() => res.end('{"ok":true}'), delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/items` };
}

/** A real run, written and read back as the result file the CLI would compare. */
async function record(url: string, i: number): Promise<RunResult> {
  const result = await runLoad({ url, ...RUN });
  return parseResult(JSON.stringify(result), `run-${i}.json`);
}

test('real runs: ten pairs of the same server pass the gate, ten pairs against a 30 % slower server fail', async (t) => {
  const fast = await delayedServer(10);
  const slow = await delayedServer(13);
  t.after(() => {
    for (const s of [fast.server, slow.server]) {
      s.closeAllConnections();
      s.close();
    }
  });
  const same: string[] = [];
  const slower: string[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const [a, b, c, d] = await Promise.all([record(fast.url, 4 * i), record(fast.url, 4 * i + 1), record(fast.url, 4 * i + 2), record(slow.url, 4 * i + 3)]);
    for (const r of [a, b, c, d]) assert.equal(r.summary.errorRate, 0);
    const s = compareResults([a], [b]);
    const f = compareResults([c], [d]);
    same.push(s.verdict);
    slower.push(f.verdict);
    // The gate (exit 99) trips on `fail` only; `warn` exits 0 as `loadline compare` does.
    assert.notEqual(s.verdict, 'fail', `same server, pair ${i + 1}:\n${formatComparisonText(s)}`);
    assert.equal(f.verdict, 'fail', `30 % slower server, pair ${i + 1}:\n${formatComparisonText(f)}`);
    const p95 = f.rows.find((r) => r.scope === 'total' && r.metric === 'p95')!;
    assert.equal(p95.level, 'fail', `p95 row of pair ${i + 1}: ${p95.reason}`);
  }
  t.diagnostic(`same server: ${same.join(' ')}; slower server: ${slower.join(' ')}`);
});
