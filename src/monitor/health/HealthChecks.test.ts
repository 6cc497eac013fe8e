import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../core/index.js';
import { HealthChecks } from './HealthChecks.js';

test('a check that hangs times out and marks only itself failed', async () => {
  const clock = new FakeClock();
  const health = new HealthChecks(clock);
  health.register('db', () => new Promise(() => {}), { timeoutMs: 2000 });
  health.register('cache', () => 'ok');
  const pending = health.run('ready');
  await clock.advanceAsync(2000, 500);
  const report = await pending;
  assert.equal(report.status, 'unhealthy');
  const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
  assert.equal(byName.db?.status, 'fail');
  assert.equal(byName.db?.error, 'timed out after 2000 ms');
  assert.equal(byName.db?.durationMs, 2000);
  assert.equal(byName.cache?.status, 'pass');
  assert.equal(clock.pending, 0, 'timeout timers are cleared');
});

test('the default timeout is 5 s', async () => {
  const clock = new FakeClock();
  const health = new HealthChecks(clock);
  health.register('slow', () => new Promise(() => {}));
  let done = false;
  const pending = health.run('ready').then((r) => ((done = true), r));
  await clock.advanceAsync(4999, 1000);
  assert.equal(done, false);
  await clock.advanceAsync(1);
  assert.equal((await pending).checks[0]?.error, 'timed out after 5000 ms');
});

test('throwing, rejecting and false-returning checks fail; non-critical failures only degrade', async () => {
  const health = new HealthChecks();
  health.register('throws', () => {
    throw new Error('boom');
  }, { critical: false });
  health.register('rejects', () => Promise.reject(new Error('nope')), { critical: false });
  health.register('false', () => false, { critical: false });
  health.register('fine', async () => true);
  const report = await health.run('ready');
  assert.equal(report.status, 'degraded');
  assert.deepEqual(report.checks.map((c) => [c.name, c.status, c.error]), [
    ['throws', 'fail', 'boom'],
    ['rejects', 'fail', 'nope'],
    ['false', 'fail', 'check returned false'],
    ['fine', 'pass', undefined],
  ]);
});

test('liveness runs only liveness checks; readiness fails while shutting down', async () => {
  const health = new HealthChecks();
  health.register('dependency', () => false);
  health.register('loop', () => true, { liveness: true });
  assert.deepEqual((await health.run('live')).checks.map((c) => c.name), ['loop']);
  assert.equal((await health.run('live')).status, 'healthy');
  assert.equal((await health.run('ready')).status, 'unhealthy');
  health.unregister('dependency');
  assert.equal((await health.run('ready')).status, 'healthy');
  health.shuttingDown = true;
  assert.equal((await health.run('ready')).status, 'unhealthy');
  assert.equal((await health.run('live')).status, 'healthy');
});

test('bad registrations are rejected with the field named', () => {
  const health = new HealthChecks();
  assert.throws(() => health.register('x', 'nope' as never), /checks.x: got "nope", expected a function/);
  assert.throws(() => health.register('y', () => true, { timeoutMs: 0 }), /checks.y.timeoutMs: got 0, expected an integer at least 1/);
  health.register('z', () => true);
  assert.throws(() => health.register('z', () => true), /name: got "z", expected a check name not registered yet/);
});
