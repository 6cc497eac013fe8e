import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseResult, type RunResult } from '../../core/index.js';
import { runLoad } from '../../load/index.js';
import { compareResults, formatComparisonText } from '../index.js';

// The regression gate on result files recorded from real runs. The issue: ten pairs of runs of
// the same server all pass, ten pairs against a 30 % slower server all fail; here 40 ms against
// 52 ms of fixed delay (scheduling noise on a busy machine adds milliseconds, so a longer delay
// keeps it small against the 30 %). Each run is short (1.5 s at 150 arrivals/s, 250 ms series intervals so
// the bootstrap has blocks to resample). The two runs of a pair are recorded at the same time: on
// a shared machine a neighbour's CPU burst then hits both sides alike instead of one, as
// interleaving does in tachometer. A round in which the machine starved the process (a run's p95
// far above the servers' fixed delays, e.g. while a neighbouring test saturates both cores)
// measures the machine, not the servers: it is recorded again, at most MAX_RERECORDS times in
// all, judged by latency alone, never by the verdict; past that the test is skipped and says why.

const PAIRS = 10;
const MAX_RERECORDS = 40;
const FAST_MS = 40;
const SLOW_MS = 52;
/** A run's p95 above the fixed delay by more than this means the process was starved. */
const STARVED_MS = 5;
const RUN = { rate: 150, durationMs: 1500, warmupMs: 300, intervalMs: 250 } as const;

async function delayedServer(delayMs: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    setTimeout(() => res.end('{"ok":true}'), delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/items` };
}

/** True when the run's p95 is far above the server's fixed delay: the process was starved (undisturbed runs stay within ~3 ms). */
function stalled(r: RunResult, delayMs: number): boolean {
  return r.summary.total.latency.p95 > delayMs + STARVED_MS;
}

/** A real run, written and read back as the result file the CLI would compare. */
async function record(url: string, i: number): Promise<RunResult> {
  const result = await runLoad({ url, ...RUN });
  return parseResult(JSON.stringify(result), `run-${i}.json`);
}

test('real runs: ten pairs of the same server pass the gate, ten pairs against a 30 % slower server fail', async (t) => {
  const fast = await delayedServer(FAST_MS);
  const slow = await delayedServer(SLOW_MS);
  t.after(() => {
    for (const s of [fast.server, slow.server]) {
      s.closeAllConnections();
      s.close();
    }
  });
  const same: string[] = [];
  const slower: string[] = [];
  // One round first, not judged: the process's first runs pay for JIT compilation and first connections.
  await Promise.all([record(fast.url, -4), record(fast.url, -3), record(fast.url, -2), record(slow.url, -1)]);
  let rerecorded = 0;
  for (let i = 0; i < PAIRS; i++) {
    const [a, b, c, d] = await Promise.all([record(fast.url, 4 * i), record(fast.url, 4 * i + 1), record(fast.url, 4 * i + 2), record(slow.url, 4 * i + 3)]);
    for (const r of [a, b, c, d]) assert.equal(r.summary.errorRate, 0);
    const starved = [a, b, c].some((r) => stalled(r, FAST_MS)) || stalled(d, SLOW_MS);
    if (starved) {
      rerecorded++;
      if (rerecorded > MAX_RERECORDS) {
        // The host, not loadline, is what this would measure now: say so and skip (reported as skipped,
        // with the pairs judged so far, every one of which passed its assertions above).
        t.skip(`the machine starved ${rerecorded} rounds (a run's p95 more than ${STARVED_MS} ms above the fixed delay): too busy to measure; ${same.length} pairs judged`);
        return;
      }
      i--;
      continue;
    }
    const s = compareResults([a], [b]);
    const f = compareResults([c], [d]);
    same.push(s.verdict);
    slower.push(f.verdict);
    // The gate (exit 99) trips on `fail` only; `warn` exits 0 as `loadline compare` does.
    assert.notEqual(s.verdict, 'fail', `same server, pair ${i + 1}:\n${formatComparisonText(s)}`);
    assert.equal(f.verdict, 'fail', `30 % slower server, pair ${i + 1}:\n${formatComparisonText(f)}`);
  }
  t.diagnostic(`same server: ${same.join(' ')}; slower server: ${slower.join(' ')}; rounds recorded again (starved): ${rerecorded}`);
});
