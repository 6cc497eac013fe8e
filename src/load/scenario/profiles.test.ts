import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../../core/index.js';
import { targetAt } from '../model/Stage.js';
import { PROFILE_NAMES, resolveProfile } from './profiles.js';

const at = (name: string, ms: number, options = {}) => {
  const p = resolveProfile(name, options);
  return targetAt(p.stages, p.start, ms);
};

test('seed 000 profiles resolve to the engine stages', () => {
  assert.deepEqual(PROFILE_NAMES, ['smoke', 'ramp', 'full', 'stress', 'spike', 'soak']);
  assert.deepEqual(resolveProfile('smoke'), { name: 'smoke', start: 10, stages: [{ durationMs: 30_000, target: 10 }], totalMs: 30_000, peak: 10 });
  assert.deepEqual(resolveProfile('ramp'), { name: 'ramp', start: 0, stages: [{ durationMs: 120_000, target: 50 }], totalMs: 120_000, peak: 50 });
  assert.deepEqual(resolveProfile('full').stages, [{ durationMs: 300_000, target: 300 }]);
  assert.deepEqual(resolveProfile('stress').stages, [{ durationMs: 180_000, target: 500 }]);
  assert.deepEqual(resolveProfile('soak').stages, [{ durationMs: 1_800_000, target: 100 }]);
  const spike = resolveProfile('spike');
  assert.equal(spike.totalMs, 150_000);
  assert.equal(spike.peak, 1000);
  assert.deepEqual([0, 29_999, 30_000, 89_999, 90_000, 149_999, 500_000].map((t) => at('spike', t)), [100, 100, 1000, 1000, 100, 100, 100]);
  assert.deepEqual([0, 60_000, 120_000].map((t) => at('ramp', t)), [0, 25, 50]);
});

test('--scale multiplies users, never durations', () => {
  const p = resolveProfile('spike', { scale: 0.5 });
  assert.equal(p.start, 50);
  assert.deepEqual(p.stages.map((s) => [s.durationMs, s.target]), [[30_000, 50], [0, 500], [60_000, 500], [0, 50], [60_000, 50]]);
  assert.equal(resolveProfile('smoke', { scale: 0.01 }).stages[0]!.target, 1, 'a profile with users keeps at least one');
  assert.equal(resolveProfile('ramp', { scale: 3 }).start, 0);
  assert.equal(resolveProfile('ramp', { scale: 3 }).stages[0]!.target, 150);
  const rate = resolveProfile('smoke', { scale: 0.25, unit: 'rate' });
  assert.deepEqual([rate.start, rate.stages[0]], [2.5, { durationMs: 30_000, target: 2.5 }]);
});

test('--duration stretches stages in proportion and keeps the total exact', () => {
  const p = resolveProfile('spike', { durationMs: 300_000 });
  assert.deepEqual(p.stages.map((s) => s.durationMs), [60_000, 0, 120_000, 0, 120_000]);
  assert.equal(at('spike', 179_999, { durationMs: 300_000 }), 1000);
  assert.equal(at('spike', 180_000, { durationMs: 300_000 }), 100);
  const odd = resolveProfile('spike', { durationMs: 10_001 });
  assert.equal(odd.stages.reduce((a, s) => a + s.durationMs, 0), 10_001);
  assert.equal(odd.totalMs, 10_001);
  assert.deepEqual(odd.stages.map((s) => s.target), [100, 1000, 1000, 100, 100]);
  assert.deepEqual(resolveProfile('soak', { durationMs: 60_000 }).stages, [{ durationMs: 60_000, target: 100 }]);
});

test('unknown profiles and bad options are rejected naming what is known', () => {
  assert.throws(() => resolveProfile('blast'), (err) => {
    assert.ok(isLoadlineError(err, 'LOADLINE_INVALID_OPTION'));
    assert.equal(err.message, 'profile: got "blast", expected one of smoke, ramp, full, stress, spike, soak');
    return true;
  });
  assert.throws(() => resolveProfile('toString'), /expected one of smoke/);
  assert.throws(() => resolveProfile('smoke', { scale: 0 }), /scale: got 0/);
  assert.throws(() => resolveProfile('smoke', { durationMs: -1 }), /durationMs: got -1/);
});

test('unit rate with a peak: the profile shape at the given peak arrival rate, scale and duration still apply', () => {
  const spike = resolveProfile('spike', { unit: 'rate', peak: 200 });
  assert.deepEqual([spike.start, ...spike.stages.map((s) => [s.durationMs, s.target])], [20, [30_000, 20], [0, 200], [60_000, 200], [0, 20], [60_000, 20]]);
  assert.equal(spike.peak, 200);
  const ramp = resolveProfile('ramp', { unit: 'rate', peak: 30, scale: 0.5, durationMs: 10_000 });
  assert.deepEqual([ramp.start, ramp.stages], [0, [{ durationMs: 10_000, target: 15 }]]);
  assert.deepEqual(resolveProfile('smoke', { unit: 'rate', peak: 7.5 }).stages, [{ durationMs: 30_000, target: 7.5 }], 'rates keep fractions');
  assert.deepEqual(resolveProfile('smoke', { peak: 3 }).stages, [{ durationMs: 30_000, target: 3 }], 'users round');
  assert.throws(() => resolveProfile('smoke', { unit: 'rate', peak: 0 }), /peak: got 0, expected a finite number greater than 0/);
});
