import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/index.js';
import { CircuitBreaker, type BreakerState } from './CircuitBreaker.js';
import { isBreakerOpenError } from '../guardErrors.js';

const fail = () => Promise.reject(new Error('down'));
const ok = () => Promise.resolve('up');

test('opens after consecutive failures, rejects fast with a coded error, half-opens after openMs', async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({ consecutiveFailures: 3, openMs: 1000, clock, name: 'payments' });
  const changes: [BreakerState, BreakerState][] = [];
  breaker.onStateChange((s, p) => changes.push([s, p]));
  await assert.rejects(breaker.execute(fail));
  await assert.rejects(breaker.execute(fail));
  await breaker.execute(ok); // resets the consecutive count
  for (let i = 0; i < 3; i++) await assert.rejects(breaker.execute(fail), /down/);
  assert.equal(breaker.state, 'open');
  let called = false;
  await assert.rejects(breaker.execute(() => { called = true; return 1; }), (e) => isBreakerOpenError(e) && /"payments" is open; retry in 1000 ms/.test((e as Error).message));
  assert.equal(called, false);
  clock.advance(1000);
  assert.equal(breaker.state, 'half-open');
  assert.equal(await breaker.execute(ok), 'up');
  assert.equal(breaker.state, 'closed');
  assert.deepEqual(changes, [['open', 'closed'], ['half-open', 'open'], ['closed', 'half-open']]);
  assert.deepEqual({ ...breaker.stats(), openedAt: undefined }, { state: 'closed', successes: 2, failures: 5, rejections: 1, consecutiveFailures: 0, windowCalls: 0, windowFailures: 0, openedAt: undefined });
});

test('a wrapped call that throws synchronously counts like a rejection', async () => {
  const breaker = new CircuitBreaker({ consecutiveFailures: 2 });
  const throwsSync = (): Promise<never> => { throw new TypeError('sync'); };
  await assert.rejects(breaker.execute(throwsSync), TypeError);
  await assert.rejects(breaker.execute(throwsSync), TypeError);
  assert.equal(breaker.state, 'open');
});

test('half-open admits only halfOpenProbes calls; a failed probe reopens; all probes must succeed to close', async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, openMs: 100, halfOpenProbes: 2, clock });
  await assert.rejects(breaker.execute(fail));
  clock.advance(100);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const p1 = breaker.execute(() => gate.then(() => 'a'));
  const p2 = breaker.execute(() => gate.then(() => 'b'));
  await assert.rejects(breaker.execute(ok), isBreakerOpenError);
  release();
  assert.deepEqual(await Promise.all([p1, p2]), ['a', 'b']);
  assert.equal(breaker.state, 'closed');
  await assert.rejects(breaker.execute(fail));
  clock.advance(100);
  await assert.rejects(breaker.execute(fail));
  assert.equal(breaker.state, 'open');
});

test('failure rate in a rolling window opens only above the minimum throughput', async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({ failureRate: { threshold: 0.5, windowMs: 1000, minThroughput: 6 }, clock });
  for (let i = 0; i < 2; i++) {
    await breaker.execute(ok);
    await assert.rejects(breaker.execute(fail));
  }
  assert.equal(breaker.state, 'closed', '4 calls: below minimum throughput');
  clock.advance(1500); // the window rolls past these
  for (let i = 0; i < 4; i++) await breaker.execute(ok);
  await assert.rejects(breaker.execute(fail));
  await assert.rejects(breaker.execute(fail));
  assert.equal(breaker.stats().windowCalls, 6);
  assert.equal(breaker.state, 'closed', '2 of 6 failed');
  await assert.rejects(breaker.execute(fail));
  await assert.rejects(breaker.execute(fail));
  assert.equal(breaker.state, 'open', '4 of 8 failed');
});

test('isFailure filter: ignored errors pass through without opening', async () => {
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, isFailure: (e) => !(e instanceof RangeError) });
  await assert.rejects(breaker.execute(() => Promise.reject(new RangeError('404'))), RangeError);
  assert.equal(breaker.state, 'closed');
  await assert.rejects(breaker.execute(fail));
  assert.equal(breaker.state, 'open');
});

test('fallback answers for failures and for the open state', async () => {
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, fallback: (e) => (isBreakerOpenError(e) ? 'cached' : 'default') });
  assert.equal(await breaker.execute(fail), 'default');
  assert.equal(await breaker.execute(ok), 'cached');
});

test('per-call timeout aborts the signal the call got and counts as a failure', async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, timeoutMs: 5000, clock });
  let seen: AbortSignal | undefined;
  const p = breaker.execute(({ signal }) => { seen = signal; return new Promise(() => {}); });
  const check = assert.rejects(p, { code: 'LOADLINE_TIMEOUT' });
  clock.advance(5000);
  await check;
  assert.equal(seen?.aborted, true);
  assert.equal(breaker.state, 'open');
});

test('state gauge and outcome counters reach the metrics sink', async () => {
  const events: string[] = [];
  const breaker = new CircuitBreaker({
    name: 'db', consecutiveFailures: 1,
    metrics: {
      counter: () => ({ inc: (_v, l) => events.push(`count ${l?.outcome}`) }),
      gauge: () => ({ set: (v) => events.push(`state ${v}`), inc() {}, dec() {} }),
      histogram: () => ({ observe() {} }),
    },
  });
  await breaker.execute(ok);
  await assert.rejects(breaker.execute(fail));
  await assert.rejects(breaker.execute(ok));
  assert.deepEqual(events, ['state 0', 'count success', 'count failure', 'state 2', 'count rejected']);
});

test('options are validated with the field named', () => {
  assert.throws(() => new CircuitBreaker({ consecutiveFailures: 0 }), /consecutiveFailures: got 0/);
  assert.throws(() => new CircuitBreaker({ failureRate: { threshold: 1.5 } }), /failureRate\.threshold: got 1\.5/);
  assert.throws(() => new CircuitBreaker({ openMs: -1 }), /openMs/);
  assert.throws(() => new CircuitBreaker({ treshold: 3 } as never), /treshold/);
});
