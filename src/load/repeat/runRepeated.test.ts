import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoadlineError, type RunResult } from '../../core/index.js';
import { syntheticResult } from '../../testing/index.js';
import { startLoad } from '../LoadRun.js';
import { measured } from '../../cli/cliProcess.test-kit.js';
import { formatRepeatSpread, gatherRepeats, repeatSpread, runRepeated, startRepeated } from './index.js';

const runs = (slowdowns: number[]): RunResult[] => slowdowns.map((slowdown) => syntheticResult({ seed: 5, slowdown, durationS: 5, model: 'closed' }));

test('runRepeated: N runs back to back, every result, the median one kept with repeats, and the spread', async () => {
  await measured(3, repeatedRuns);
});

async function repeatedRuns(): Promise<void> {
  // Each run opens its own 2 connections and gets answers 25 ms slower than the one before: the second run is the median one.
  let connections = 0;
  const server = createServer((_req, res) => {
    setTimeout(() => res.end('ok'), Math.ceil(connections / 2) * 25);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const started: number[] = [];
    const runs = await runRepeated({ url, vus: 2, durationMs: 500 }, { repeat: 3, onRepeat: (i, n) => started.push(i * 10 + n) });
    assert.deepEqual(started, [3, 13, 23]);
    assert.equal(runs.results.length, 3);
    assert.ok(runs.results.every((r) => r.status === 'completed' && r.summary.total.requests > 0));
    const p95s = runs.results.map((r) => r.summary.total.latency.p95);
    assert.ok(p95s[0]! < p95s[1]! && p95s[1]! < p95s[2]!, `p95s ${p95s}`);
    assert.equal(runs.representativeIndex, 1);
    assert.equal(runs.representative, runs.results[1]);
    assert.deepEqual(runs.result.summary, runs.results[1]!.summary);
    assert.deepEqual(runs.result.repeats!.map((r) => r.representative === true), [false, true, false]);
    assert.ok(Date.parse(runs.results[0]!.endedAt) <= Date.parse(runs.results[1]!.startedAt), 'back to back');
    assert.deepEqual(runs.spread.p95Ms, { min: p95s[0], median: p95s[1], max: p95s[2] });
    assert.equal(runs.spread.runs, 3);
    assert.match(formatRepeatSpread(runs), /^3 runs: p95 [\d.]+-[\d.]+ ms \(median [\d.]+\), [\d.]+-[\d.]+ req\/s \(median [\d.]+\); run 2 is the result$/);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

test('startRepeated: stop() ends the current run and starts no more; the kept result says interrupted', async () => {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    let starts = 0;
    const run = await startRepeated(
      () => {
        starts++;
        return startLoad({ url, vus: 1, durationMs: 60_000 });
      },
      { repeat: 5 },
    );
    setTimeout(() => run.stop(), 200);
    const { results, result } = await run.repeated;
    assert.equal(starts, 1);
    assert.equal(results.length, 1);
    assert.equal(result.status, 'interrupted');
    assert.equal(result.repeats, undefined, 'one run carries no repeats');
    assert.equal(await run.result, result);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('gatherRepeats: the representative run, its status overridden by an interrupted last run, and the spread over completed runs', () => {
  const r = runs([1.3, 1, 1.1]);
  r[2] = { ...r[2]!, status: 'interrupted' };
  const gathered = gatherRepeats(r);
  assert.notEqual(gathered.representativeIndex, 2);
  assert.equal(gathered.result.status, 'interrupted');
  assert.equal(gathered.result.repeats!.length, 3);
  assert.equal(gathered.spread.runs, 2, 'the interrupted run is not in the spread');
  assert.equal(gathered.spread.p95Ms.max, Math.max(r[0]!.summary.total.latency.p95, r[1]!.summary.total.latency.p95));
  assert.equal(repeatSpread([r[2]!]).runs, 1, 'with no completed run, every run counts');
});

test('bad repeat counts and empty run lists are refused naming the field', async () => {
  for (const repeat of [0, 101, 1.5, Number.NaN]) {
    await assert.rejects(
      startRepeated(() => {
        throw new Error('never started');
      }, { repeat }),
      (err) => isLoadlineError(err, 'LOADLINE_INVALID_OPTION') && /^repeat: /.test(err.message),
      String(repeat),
    );
  }
  assert.throws(() => repeatSpread([]), (err) => isLoadlineError(err) && /results/.test(err.message));
});
