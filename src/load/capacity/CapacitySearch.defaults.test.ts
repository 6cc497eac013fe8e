import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCapacity, type CapacityReport } from './CapacitySearch.js';
import { idleMeter, ModelService, queueingService } from './ModelService.test-kit.js';

const table = (r: CapacityReport) => JSON.stringify(r.steps.map((s) => [s.offered, s.achieved, s.p95Ms, s.ok, s.phase]));

async function search(capacity: number): Promise<{ report: CapacityReport; service: ModelService }> {
  const service = new ModelService(queueingService(capacity));
  const report = await findCapacity({ source: service, slos: ['p(95)<100', 'http_req_failed:rate<0.01'], clock: service.clock, generatorMeter: idleMeter });
  return { report, service };
}

for (const capacity of [50, 300, 1800, 40_000]) {
  test(`with default options the search finds a ${capacity}/s service within 15 % in under two minutes`, async () => {
    const { report } = await search(capacity);
    assert.ok(report.maxSustainable, table(report));
    const found = report.maxSustainable.rate;
    assert.ok(found <= capacity && found >= 0.85 * capacity, `found ${found} for ${capacity}: ${table(report)}`);
    assert.ok(report.elapsedMs < 120_000, `took ${report.elapsedMs} ms: ${table(report)}`);
    assert.equal(report.stopReason, 'broken');
    // The line lies between the highest passing and the lowest failing load, both reported.
    assert.ok(report.maxSustainable.below! > found && report.maxSustainable.below! <= found * 1.06, table(report));
  });
}

test('the default ladder is geometric: it doubles from 100/s until a step breaks, with no fixed maximum', async () => {
  const { report, service } = await search(40_000);
  assert.deepEqual(service.offered.slice(0, 10), [100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 51_200]);
  assert.ok(service.offered.slice(10).every((o) => o > 25_600 && o < 51_200), 'then it bisects between the last two');
  assert.ok(report.breakingPoint!.rate > 40_000 && report.breakingPoint!.rate <= 51_200, table(report));
});

test('when the first load already fails, the search steps down before it bisects', async () => {
  const { report, service } = await search(12);
  assert.deepEqual(service.offered.slice(0, 5), [100, 50, 25, 12.5, 6.25], table(report));
  assert.ok(report.maxSustainable!.rate >= 0.85 * 12 && report.maxSustainable!.rate <= 1.05 * 12, table(report));
});

test('an explicit step keeps the ladder linear, and max still bounds it', async () => {
  const service = new ModelService(queueingService(10_000));
  const report = await findCapacity({ source: service, slos: ['p(95)<100'], start: 100, step: 100, max: 500, clock: service.clock, generatorMeter: idleMeter });
  assert.deepEqual(report.steps.map((s) => s.offered), [100, 200, 300, 400, 500]);
  assert.equal(report.stopReason, 'max');
});

test('the time budget bounds the search: no step starts that would not fit', async () => {
  const service = new ModelService(queueingService(1e6));
  const report = await findCapacity({ source: service, slos: ['p(95)<100'], budgetMs: 30_000, clock: service.clock, generatorMeter: idleMeter });
  assert.equal(report.stopReason, 'budget');
  assert.ok(report.elapsedMs <= 30_000, String(report.elapsedMs));
  assert.equal(report.steps.length, 7); // 7 holds of 1 s warm-up + 3 s fit in 30 s
  assert.match(report.stoppedEarly!, /time budget of 30 s spent before offering 12800/);
});

test('VUs: the ladder doubles whole VUs and steps down in whole VUs', async () => {
  // A closed-model service that keeps p95 under the limit up to 2 VUs; 20 VUs gain nothing over 10 (broken).
  const service = new ModelService((vus) => ({ achieved: Math.min(vus, 2) * 100, p95Ms: vus <= 2 ? 10 : 40 * vus }));
  const report = await findCapacity({ source: service, slos: ['p(95)<70'], mode: 'vus', clock: service.clock, generatorMeter: idleMeter });
  assert.deepEqual(service.offered, [10, 20, 5, 3, 2], 'climb to the break, then down by halves, rounded, never below 1');
  assert.equal(report.maxSustainable?.rate, 2, table(report));
  assert.equal(report.maxSustainable?.below, 3);
});
