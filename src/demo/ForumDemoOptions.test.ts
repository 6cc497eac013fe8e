import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../core/index.js';
import { resolveForumDemoOptions, SEED_003_SLOS } from './ForumDemoOptions.js';
import { runForumDemo } from './runForumDemo.js';

test('demo options: seed 003\'s SLOs and a full run by default, small and short with quick', () => {
  const full = resolveForumDemoOptions();
  assert.deepEqual(full.slos, [...SEED_003_SLOS]);
  assert.equal(full.scale, 1);
  assert.ok(full.searchBudgetMs * 2 < 240_000, 'two searches fit in the 4 minutes');
  const quick = resolveForumDemoOptions({ quick: true });
  assert.ok(quick.searchBudgetMs <= 15_000 && quick.stepDurationMs < full.stepDurationMs);
});

test('demo options: a bad field is named with its value and what was expected, before any service starts', async () => {
  const cases: Array<[object, RegExp]> = [
    [{ scale: 0 }, /scale: got 0, expected/],
    [{ slos: [] }, /slos: got \[\], expected at least one SLO expression/],
    [{ searchBudgetMs: 100 }, /searchBudgetMs: got 100, expected/],
    [{ quick: 'yes' }, /quick: got "yes", expected true or false/],
    [{ budget: 1 }, /budget: .*no such option/],
  ];
  for (const [options, message] of cases) {
    await assert.rejects(runForumDemo(options), (err: unknown) => isLoadlineError(err, 'LOADLINE_INVALID_OPTION') && message.test((err as Error).message));
  }
});
