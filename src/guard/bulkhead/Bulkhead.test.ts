import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/index.js';
import { Bulkhead } from './Bulkhead.js';
import { isAbortedError, isBulkheadFullError, isQueueTimeoutError } from '../guardErrors.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('runs at most maxConcurrent, queues up to maxQueue in order, rejects the rest with a coded error', async () => {
  const bulkhead = new Bulkhead({ maxConcurrent: 2, maxQueue: 2 });
  const gates = [deferred(), deferred(), deferred(), deferred()];
  const order: number[] = [];
  let peak = 0;
  const run = (i: number) => bulkhead.execute(async () => {
    order.push(i);
    peak = Math.max(peak, bulkhead.running);
    await gates[i]!.promise;
    return i;
  });
  const calls = [0, 1, 2, 3].map(run);
  await assert.rejects(run(4), isBulkheadFullError);
  assert.deepEqual([bulkhead.running, bulkhead.queued], [2, 2]);
  gates[1]!.resolve();
  gates[0]!.resolve();
  gates[2]!.resolve();
  gates[3]!.resolve();
  assert.deepEqual(await Promise.all(calls), [0, 1, 2, 3]);
  assert.deepEqual(order, [0, 1, 2, 3]);
  assert.equal(peak, 2);
  assert.deepEqual([bulkhead.running, bulkhead.queued], [0, 0]);
});

test('queue timeout rejects a waiting call with LOADLINE_QUEUE_TIMEOUT; its slot is not lost', async () => {
  const clock = new FakeClock();
  const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueue: 5, queueTimeoutMs: 100, clock });
  const gate = deferred();
  const first = bulkhead.execute(() => gate.promise);
  const waiting = bulkhead.execute(() => 'never');
  const check = assert.rejects(waiting, isQueueTimeoutError);
  clock.advance(100);
  await check;
  assert.equal(bulkhead.queued, 0);
  gate.resolve();
  await first;
  assert.equal(await bulkhead.execute(() => 'next'), 'next');
  assert.equal(bulkhead.running, 0);
});

test('aborting a queued call removes it; a sync throw releases the slot', async () => {
  const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueue: 1 });
  const gate = deferred();
  const first = bulkhead.execute(() => gate.promise);
  const ac = new AbortController();
  const queued = bulkhead.execute(() => 'x', ac.signal);
  ac.abort();
  await assert.rejects(queued, isAbortedError);
  assert.equal(bulkhead.queued, 0);
  gate.resolve();
  await first;
  await assert.rejects(bulkhead.execute(() => { throw new Error('sync'); }), /sync/);
  assert.equal(bulkhead.running, 0);
});

test('options are validated', () => {
  assert.throws(() => new Bulkhead({ maxConcurrent: 0 }), /maxConcurrent: got 0/);
  assert.throws(() => new Bulkhead({ maxConcurrent: 1, maxQueue: -1 }), /maxQueue/);
});
