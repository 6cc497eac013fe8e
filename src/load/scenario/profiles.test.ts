import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../../core/index.js';
import { PROFILE_NAMES, resolveProfile, targetAt } from './profiles.js';

test('seed 000 profiles resolve to their stages', () => {
  assert.deepEqual(PROFILE_NAMES, ['smoke', 'ramp', 'full', 'stress', 'spike', 'soak']);
  assert.deepEqual(resolveProfile('smoke'), { name: 'smoke', stages: [{ durationMs: 30_000, from: 10, to: 10 }], totalMs: 30_000, peak: 10 });
  assert.deepEqual(resolveProfile('ramp').stages, [{ durationMs: 120_000, from: 0, to: 50 }]);
  assert.deepEqual(resolveProfile('full').stages, [{ durationMs: 300_000, from: 300, to: 300 }]);
  assert.deepEqual(resolveProfile('stress').stages, [{ durationMs: 180_000, from: 500, to: 500 }]);
  assert.deepEqual(resolveProfile('soak').stages, [{ durationMs: 1_800_000, from: 100, to: 100 }]);
  const spike = resolveProfile('spike');
  assert.deepEqual(spike.stages, [
    { durationMs: 30_000, from: 100, to: 100 },
    { durationMs: 60_000, from: 1000, to: 1000 },
    { durationMs: 60_000, from: 100, to: 100 },
  ]);
  assert.equal(spike.totalMs, 150_000);
  assert.equal(spike.peak, 1000);
});

test('--scale multiplies users, never durations', () => {
  const p = resolveProfile('spike', { scale: 0.5 });
  assert.deepEqual(p.stages.map((s) => [s.durationMs, s.to]), [[30_000, 50], [60_000, 500], [60_000, 50]]);
  assert.deepEqual(resolveProfile('smoke', { scale: 0.01 }).stages[0]!.to, 1, 'a profile with users keeps at least one');
  assert.equal(resolveProfile('ramp', { scale: 3 }).stages[0]!.from, 0);
  assert.deepEqual(resolveProfile('smoke', { scale: 0.25, unit: 'rate' }).stages[0], { durationMs: 30_000, from: 2.5, to: 2.5 });
});

test('--duration stretches stages in proportion and keeps the total exact', () => {
  const p = resolveProfile('spike', { durationMs: 300_000 });
  assert.deepEqual(p.stages.map((s) => s.durationMs), [60_000, 120_000, 120_000]);
  const odd = resolveProfile('spike', { durationMs: 10_001 });
  assert.equal(odd.stages.reduce((a, s) => a + s.durationMs, 0), 10_001);
  assert.equal(odd.totalMs, 10_001);
  assert.deepEqual(odd.stages.map((s) => s.to), [100, 1000, 100]);
});

test('unknown profiles and bad options are rejected naming what is known', () => {
  assert.throws(() => resolveProfile('blast'), (err) => {
    assert.ok(isLoadlineError(err, 'LOADLINE_INVALID_OPTION'));
    assert.equal(err.message, '--profile: got "blast", expected one of smoke, ramp, full, stress, spike, soak');
    return true;
  });
  assert.throws(() => resolveProfile('toString'), /expected one of smoke/);
  assert.throws(() => resolveProfile('smoke', { scale: 0 }), /--scale: got 0/);
  assert.throws(() => resolveProfile('smoke', { durationMs: -1 }), /--duration: got -1/);
});

test('targetAt interpolates within stages and holds the end value', () => {
  const ramp = resolveProfile('ramp').stages;
  assert.equal(targetAt(ramp, 0), 0);
  assert.equal(targetAt(ramp, 60_000), 25);
  assert.equal(targetAt(ramp, 500_000), 50);
  const spike = resolveProfile('spike').stages;
  assert.equal(targetAt(spike, 29_999), 100);
  assert.equal(targetAt(spike, 30_000), 1000);
  assert.equal(targetAt(spike, 90_000), 100);
});
