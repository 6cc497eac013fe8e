import { test } from 'node:test';
import assert from 'node:assert/strict';
import { processBulk } from './processBulk.js';

const tick = () => new Promise<void>((r) => setImmediate(r));

test('results in input order, per-item errors collected, progress reported, concurrency bounded', async () => {
  const items = Array.from({ length: 23 }, (_, i) => i);
  let running = 0;
  let peak = 0;
  const progress: number[] = [];
  const result = await processBulk(items, async (n) => {
    running++;
    peak = Math.max(peak, running);
    for (let k = 0; k < (n * 7) % 5; k++) await tick(); // finish out of order
    running--;
    if (n % 10 === 3) throw new Error(`bad ${n}`);
    return n * 2;
  }, { batchSize: 10, maxConcurrency: 3, onProgress: (done, total) => { assert.equal(total, 23); progress.push(done); } });
  assert.equal(peak, 3);
  assert.deepEqual(progress, Array.from({ length: 23 }, (_, i) => i + 1));
  assert.deepEqual(result.results, items.map((n) => (n % 10 === 3 ? undefined : n * 2)));
  assert.deepEqual(result.errors.map((e) => [e.index, (e.error as Error).message]), [[3, 'bad 3'], [13, 'bad 13']]);
  assert.equal(result.completed, 23);
  assert.equal(result.aborted, false);
});

test('batches run one after another', async () => {
  const log: string[] = [];
  await processBulk([0, 1, 2, 3, 4], async (n) => {
    log.push(`start ${n}`);
    await tick();
    log.push(`end ${n}`);
  }, { batchSize: 2, maxConcurrency: 5 });
  assert.deepEqual(log, ['start 0', 'start 1', 'end 0', 'end 1', 'start 2', 'start 3', 'end 2', 'end 3', 'start 4', 'end 4']);
});

test('abort stops handing out items, lets running ones finish, and reports done and skipped', async () => {
  const ac = new AbortController();
  const result = await processBulk(Array.from({ length: 20 }, (_, i) => i), async (n, _i, signal) => {
    assert.equal(signal, ac.signal);
    if (n === 4) ac.abort();
    await tick();
    return n;
  }, { batchSize: 10, maxConcurrency: 2, signal: ac.signal });
  assert.equal(result.aborted, true);
  assert.equal(result.completed, 5);
  assert.deepEqual(result.outcomes.slice(0, 6).map((o) => o.status), ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'skipped']);
  assert.equal(result.outcomes.filter((o) => o.status === 'skipped').length, 15);
});

test('bad options are rejected naming the field', async () => {
  await assert.rejects(processBulk([1], async () => 1, { batchSize: 0 }), /batchSize: got 0/);
  await assert.rejects(processBulk([1], async () => 1, { maxConcurrency: 1.5 }), /maxConcurrency: got 1\.5/);
  await assert.rejects(processBulk('x' as never, async () => 1), /items: got "x", expected an array/);
});
