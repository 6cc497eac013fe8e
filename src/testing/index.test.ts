import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as testing from './index.js';
import * as load from '../load/index.js';
import * as report from '../report/index.js';
import * as root from '../core/public.js';

test('the names that moved to loadline/testing still work from their old subpaths, as the same values (deprecated until 0.3.0)', () => {
  assert.equal(load.startDemoTarget, testing.startDemoTarget);
  assert.equal(load.startRateCappedServer, testing.startRateCappedServer);
  assert.equal(report.syntheticResult, testing.syntheticResult);
  assert.equal(report.SeededRandom, testing.SeededRandom);
});

test('FakeClock from loadline/testing is a Clock as the pillars take it, and the root exports systemClock', () => {
  const clock: root.Clock = new testing.FakeClock();
  let fired = 0;
  clock.setTimeout(() => fired++, 1000);
  (clock as InstanceType<typeof testing.FakeClock>).advance(999);
  assert.equal(fired, 0);
  (clock as InstanceType<typeof testing.FakeClock>).advance(1);
  assert.equal(fired, 1);
  assert.equal(typeof root.systemClock.now(), 'number');
  assert.ok(root.isLoadlineError(new root.LoadlineError('LOADLINE_USAGE', 'x'), 'LOADLINE_USAGE'));
});
