import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../core/index.js';
import { MemoryRateStore } from './MemoryRateStore.js';
import { DEFAULT_RATE_PROFILES, RateProfiles } from './RateProfiles.js';

test('seed 000 defaults: general 100/min, auth 10/5min, bulk 5/min, search 200/min, reports 20/min', () => {
  const p = new RateProfiles();
  const view = Object.fromEntries(p.names.map((n) => [n, [p.get(n).rule.limit, p.get(n).rule.windowMs]]));
  assert.deepEqual(view, { general: [100, 60_000], auth: [10, 300_000], bulk: [5, 60_000], search: [200, 60_000], reports: [20, 60_000] });
  assert.ok(Object.isFrozen(DEFAULT_RATE_PROFILES));
});

test('overrides keep the other fields, new profiles are added, profiles are independent', async () => {
  const clock = new FakeClock();
  const p = new RateProfiles({ profiles: { auth: { limit: 2 }, uploads: { limit: 1, window: '10s' } }, store: new MemoryRateStore({ clock }) });
  assert.deepEqual([p.get('auth').rule.limit, p.get('auth').rule.windowMs], [2, 300_000]);
  assert.equal(p.get('uploads').rule.windowMs, 10_000);
  assert.equal((await p.get('auth').consume('u1')).allowed, true);
  assert.equal((await p.get('auth').consume('u1')).allowed, true);
  assert.equal((await p.get('auth').consume('u1')).allowed, false);
  assert.equal((await p.get('general').consume('u1')).allowed, true, 'same key, other profile');
});

test('bad overrides and unknown profiles are rejected naming the field', () => {
  assert.throws(() => new RateProfiles({ profiles: { auth: { limit: 0 } } }), /profiles\.auth\.limit: got 0/);
  assert.throws(() => new RateProfiles({ profiles: { search: { window: '1x' } } }), /profiles\.search\.window: got "1x"/);
  assert.throws(() => new RateProfiles({ profiles: { custom: { limit: 3 } } }), /profiles\.custom\.window/);
  assert.throws(() => new RateProfiles({ profiles: { search: { window: 60 as never } } }), /profiles\.search\.window: got 60, expected a duration with its unit/);
  assert.equal(new RateProfiles({ profiles: { search: { windowMs: 30_000 } } }).get('search').rule.windowMs, 30_000, 'windowMs replaces the default window');
  assert.throws(() => new RateProfiles().get('nope'), /profile: got "nope", expected one of general, auth, bulk, search, reports/);
});
