import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { formatProgress, ProgressPrinter } from './ProgressPrinter.js';
import type { ProgressSnapshot } from '../LoadRun.js';

const snap: ProgressSnapshot = { phase: 'running', elapsedMs: 12_000, totalMs: 30_000, vus: 50, rps: 1234.4, p95: 18.25, requests: 14_000, errors: 3, dropped: 0 };

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) }), { isTTY, columns: 200 });
  return { stream, chunks };
}

test('formatProgress shows elapsed/total, VUs, RPS, p95 and errors', () => {
  assert.equal(formatProgress(snap), '12s/30s | 50 VUs | 1,234 req/s | p95 18.3ms | 14,000 reqs | 3 errors');
  assert.match(formatProgress({ ...snap, rate: 200, dropped: 4, totalMs: null }), /^12s \| 50 VUs \| rate 200\/s .* 4 dropped$/);
  assert.match(formatProgress({ ...snap, phase: 'warmup' }), /^warm-up/);
});

test('on a TTY one line refreshes in place; otherwise a plain line every few seconds', (t) => {
  mock.timers.enable({ apis: ['setInterval'] });
  t.after(() => mock.timers.reset());
  const tty = sink(true);
  const live = new ProgressPrinter(() => snap, { stream: tty.stream });
  live.start();
  mock.timers.tick(1000);
  live.stop();
  assert.equal(tty.chunks.length, 5); // 4 refreshes at 250 ms + the clearing write
  assert.ok(tty.chunks.every((c) => c.startsWith('\r\x1b[2K') && !c.includes('\n')));

  const log = sink(false);
  const plain = new ProgressPrinter(() => snap, { stream: log.stream });
  plain.start();
  mock.timers.tick(4999);
  assert.equal(log.chunks.length, 0);
  mock.timers.tick(1);
  plain.stop();
  assert.deepEqual(log.chunks, [`loadline ${formatProgress(snap)}\n`]);
});

test('a newcomer reads it right: 1 VU, the open model as busy/allocated VUs, a whole rate, elapsed never past the total', () => {
  assert.match(formatProgress({ ...snap, vus: 1 }), / \| 1 VU \| /);
  // Open model on a fast server: nothing in flight at the instant of the snapshot, 12 VUs allocated so far.
  const open = formatProgress({ ...snap, vus: 0, allocatedVus: 12, rate: 133.8412 });
  assert.match(open, / \| 0\/12 VUs busy \| rate 134\/s \| /);
  assert.match(formatProgress({ ...snap, rate: 2.45, allocatedVus: 1, vus: 1 }), /1\/1 VU busy \| rate 2\.5\/s/);
  // Worker threads report elapsed time from their start, past the planned end while they finish.
  assert.match(formatProgress({ ...snap, elapsedMs: 5200, totalMs: 4000 }), /^4s\/4s \| .* \| stopping$/);
});
