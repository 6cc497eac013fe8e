import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCapacity } from './CapacitySearch.js';
import { formatCapacityText } from './CapacityFormat.js';
import { generatorSaturation, processGeneratorMeter, suggestedWorkers } from './GeneratorMeter.js';
import { startRateCappedServer } from './RateCappedServer.js';
import { ModelService, queueingService, saturatingMeter } from './ModelService.test-kit.js';

test('when the generator saturates while the service keeps up, the search stops and says so instead of reporting its ceiling', async () => {
  const s = new ModelService(queueingService(1e6));
  const report = await findCapacity({ source: s, slos: ['p(95)<100'], clock: s.clock, generatorMeter: saturatingMeter(s, 6400) });
  assert.equal(report.stopReason, 'generator');
  assert.deepEqual(s.offered, [100, 200, 400, 800, 1600, 3200, 6400]);
  assert.deepEqual(report.maxSustainable, { rate: 6400, atLeast: true });
  assert.equal(report.breakingPoint, undefined);
  assert.equal(report.generatorLimit?.rate, 6400);
  assert.match(report.generatorLimit!.reason, /event loop was busy 98% of the hold/);
  const text = formatCapacityText(report);
  assert.match(text, /Max sustainable load: at least 6400\/s/);
  assert.match(text, /the load generator, not the service, was the limit from 6400\/s/);
  assert.match(text, /workers/);
});

test('a generator that cannot send the load is not taken for a breaking service', async () => {
  // The generator sends at most 5000/s: above that steps fall short and its event loop is saturated.
  const s = new ModelService((offered) => ({ achieved: Math.min(offered, 5000), p95Ms: 5 }));
  const report = await findCapacity({ source: s, slos: ['p(95)<100'], clock: s.clock, generatorMeter: saturatingMeter(s, 5001) });
  assert.equal(report.stopReason, 'generator');
  assert.equal(report.breakingPoint, undefined, JSON.stringify(report.steps.map((x) => [x.offered, x.broken])));
  assert.equal(report.maxSustainable?.atLeast, true);
  assert.ok(report.maxSustainable!.rate >= 4500 && report.maxSustainable!.rate <= 5400, String(report.maxSustainable!.rate));
  assert.ok(report.generatorLimit!.rate > 5000 && report.generatorLimit!.rate <= 6400);
});

test('saturation: the sending event loop at 90 % or more, or worker threads at 90 % CPU each', () => {
  assert.equal(generatorSaturation({ eventLoopUtilization: 0.6, cpuCores: 0.6, eventLoopDelayP99Ms: 1, threads: 1 }), undefined);
  assert.match(generatorSaturation({ eventLoopUtilization: 0.93, cpuCores: 0.9, eventLoopDelayP99Ms: 1, threads: 1 })!, /busy 93%/);
  assert.equal(generatorSaturation({ eventLoopUtilization: null, cpuCores: 2.5, eventLoopDelayP99Ms: null, threads: 4 }), undefined);
  assert.match(generatorSaturation({ eventLoopUtilization: null, cpuCores: 3.8, eventLoopDelayP99Ms: null, threads: 4 })!, /4 worker threads used 380% CPU \(95% each\)/);
  assert.equal(suggestedWorkers(1, 8), 2);
  assert.equal(suggestedWorkers(4, 6), 6);
  assert.equal(suggestedWorkers(4, 4), undefined);
});

test('on a real run, a generator whose event loop is kept busy is named as the limit after the first step', async () => {
  const target = await startRateCappedServer({ ratePerSecond: 100_000 });
  // Something else in the generator's process holds its event loop 9 ms of every 10.
  const hog = setInterval(() => {
    const until = performance.now() + 9;
    while (performance.now() < until);
  }, 10);
  try {
    const report = await findCapacity({ load: { url: target.url }, slos: ['p(95)<1000'], stepDurationMs: 1000, warmupMs: 300, gracefulStopMs: 500 });
    assert.equal(report.stopReason, 'generator', JSON.stringify(report.steps.map((x) => [x.offered, x.generator])));
    assert.equal(report.steps.length, 1);
    assert.equal(report.generatorLimit?.rate, 100);
    assert.ok(report.steps[0]!.generator!.eventLoopUtilization! >= 0.9);
    assert.match(formatCapacityText(report, { flags: true }), /the load generator, not the service, was the limit from 100\/s/);
  } finally {
    clearInterval(hog);
    await target.close();
  }
});

test('the process meter: a busy event loop reads near 1, an idle one near 0', async () => {
  const meter = processGeneratorMeter();
  let end = meter.begin();
  const until = performance.now() + 100;
  while (performance.now() < until);
  const busy = end();
  assert.ok(busy.eventLoopUtilization! > 0.9, JSON.stringify(busy));
  assert.equal(busy.threads, 1);
  end = meter.begin();
  await new Promise((resolve) => setTimeout(resolve, 100)); // the real event loop, idle, is what is measured
  const idle = end();
  assert.ok(idle.eventLoopUtilization! < 0.5, JSON.stringify(idle));
  assert.equal(processGeneratorMeter(4).begin()().eventLoopUtilization, null, 'worker threads: this thread cannot read their loops');
});

test('a machine with no CPU to spare during the holds at the line is reported as a caveat', async () => {
  const s = new ModelService(queueingService(1000));
  const busy = { begin: () => () => ({ eventLoopUtilization: 0.3, cpuCores: 0.3, eventLoopDelayP99Ms: 1, threads: 1, machineBusy: 0.97 }) };
  const report = await findCapacity({ source: s, slos: ['p(95)<100'], clock: s.clock, generatorMeter: busy });
  assert.match(report.caveat!, /the machine's CPUs were 97% busy during the holds at the line/);
  assert.match(formatCapacityText(report), /^Caveat: the machine's CPUs were 97% busy/m);
  const quiet = { begin: () => () => ({ eventLoopUtilization: 0.3, cpuCores: 0.3, eventLoopDelayP99Ms: 1, threads: 1, machineBusy: 0.5 }) };
  const s2 = new ModelService(queueingService(1000));
  assert.equal((await findCapacity({ source: s2, slos: ['p(95)<100'], clock: s2.clock, generatorMeter: quiet })).caveat, undefined);
});
