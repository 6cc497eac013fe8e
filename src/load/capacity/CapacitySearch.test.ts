import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCapacity } from './CapacitySearch.js';
import { startRateCappedServer } from './RateCappedServer.js';

const R = 400;

test('findCapacity finds the load line of a server capped at 400 requests/s within 15 %', async () => {
  const target = await startRateCappedServer({ ratePerSecond: R });
  try {
    const report = await findCapacity({
      load: { url: target.url },
      slos: ['p(95)<100', 'http_req_failed:rate<0.01'],
      start: 100,
      step: 100,
      max: 800,
      stepDurationMs: 1500,
      warmupMs: 500,
      refineSteps: 2,
      timeoutMs: 3000,
      gracefulStopMs: 1500,
      budgetMs: 40_000,
    });
    const table = JSON.stringify(report.steps.map((s) => [s.offered, s.achievedRps, s.p95Ms, s.ok, s.broken ?? '']));
    assert.ok(report.maxSustainable, `no max sustainable load: ${table}`);
    assert.ok(Math.abs(report.maxSustainable.rate - R) <= 0.15 * R, `max sustainable ${report.maxSustainable.rate} not within 15% of ${R}: ${table}`);
    assert.ok(report.breakingPoint, `no breaking point: ${table}`);
    assert.ok(report.breakingPoint.rate > report.maxSustainable.rate && report.breakingPoint.rate <= 1.3 * R, `breaking point ${report.breakingPoint.rate}: ${table}`);
    assert.equal(report.stopReason, 'broken');
    assert.ok(report.steps.some((s) => s.phase === 'refine'), `no refinement: ${table}`);
    // The ladder climbs in order and stops at the first broken step.
    const ladder = report.steps.filter((s) => s.phase === 'ladder').map((s) => s.offered);
    assert.deepEqual(ladder, ladder.slice().sort((a, b) => a - b));
    assert.ok(Math.max(...ladder) <= 600, `climbed past the break: ${ladder}`);
  } finally {
    await target.close();
  }
});

test('the time budget bounds the search: no step starts that would not fit', async () => {
  const target = await startRateCappedServer({ ratePerSecond: 10_000 });
  try {
    const report = await findCapacity({ load: { url: target.url }, slos: ['p(95)<500'], start: 20, step: 20, stepDurationMs: 400, warmupMs: 0, budgetMs: 1000 });
    assert.equal(report.stopReason, 'budget');
    assert.match(report.stoppedEarly!, /time budget of 1 s spent before offering/);
    assert.ok(report.steps.length >= 1 && report.steps.length <= 2, JSON.stringify(report.steps));
    assert.equal(report.maxSustainable?.rate, report.steps[report.steps.length - 1]!.offered);
    assert.equal(report.breakingPoint, undefined);
  } finally {
    await target.close();
  }
});

test('options are validated before any load, naming the option', async () => {
  await assert.rejects(findCapacity({ load: { url: 'http://127.0.0.1:9/' }, slos: [] }), /slos/);
  await assert.rejects(findCapacity({ load: { url: 'http://127.0.0.1:9/' }, slos: ['p(95)<1'], start: 500, max: 100 }), /max/);
  await assert.rejects(findCapacity({ load: { url: 'http://127.0.0.1:9/' }, slos: ['p(95)<1'], budgetMs: 1000 }), /budgetMs/);
  await assert.rejects(findCapacity({ slos: ['p(95)<1'] }), /exactly one target/);
  await assert.rejects(findCapacity({ load: { url: 'http://127.0.0.1:9/' }, slos: ['p(95)<1'], mode: 'vus', start: 1.5 }), /start/);
});
