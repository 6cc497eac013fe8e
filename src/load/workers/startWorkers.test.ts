import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Histogram, isLoadlineError, parseResult } from '../../core/index.js';
import { startWorkers } from './startWorkers.js';
import type { ProgressSnapshot } from '../LoadRun.js';
import { formatProgress } from '../output/ProgressPrinter.js';
import { BUILTIN_METRICS, parseThreshold } from '../stats/thresholds.js';
import type { LoopbackServer } from '../../testing/loopbackServer.js';
import { listenReadingBody } from '../scenario/run/bodyServer.test-kit.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/scenarios/${name}`, import.meta.url));
let target: LoopbackServer;
let origin: string;
let served = 0;

before(async () => {
  target = await listenReadingBody((req, res, body) => {
    served++;
    if (req.url === '/login') {
      res.setHeader('set-cookie', 'sid=1; Path=/');
      return res.end(JSON.stringify({ token: `secret-${(JSON.parse(body) as { email: string }).email}` }));
    }
    if (req.url === '/old') return res.writeHead(302, { location: '/new' }).end();
    if (req.url === '/new') return res.end('new page');
    res.end('{}');
  });
  origin = target.url;
});
after(() => target.close());

test('quick mode over 2 workers: every request counted once, histograms merged, series merged by interval', async () => {
  served = 0;
  const intervals: number[] = [];
  const run = await startWorkers({ url: `${origin}/hello`, vus: 4, amount: 400, workers: 2, intervalMs: 100, thresholds: ['http_reqs:count==400', 'http_req_duration:p(99)<5000'], onInterval: (p) => intervals.push(p.requests) });
  const result = await run.result;
  parseResult(JSON.stringify(result), 'r.json');
  assert.equal(result.summary.iterations!.count, 400);
  assert.equal(result.summary.total.requests, 400);
  assert.equal(served, 400);
  const total = Histogram.decode(result.histograms.total);
  assert.equal(total.count, 400);
  total.destroy();
  assert.equal(result.summary.endpoints[0]!.requests, 400);
  assert.equal(result.config.vus, 4);
  assert.deepEqual(result.thresholds.map((t) => t.ok), [true, true]);
  const inSeries = result.series.points.reduce((a, p) => a + p.requests, 0);
  assert.ok(inSeries > 0 && inSeries <= 400, `series holds ${inSeries}`);
  assert.deepEqual(result.series.points.map((p) => p.requests), intervals);
  assert.ok(result.series.points.every((p, i, a) => i === 0 || p.t > a[i - 1]!.t), 'series in time order');
});

test('open model over 2 workers: the arrival rate is split, the merged rate is the one asked for', async () => {
  const run = await startWorkers({ url: `${origin}/r`, rate: 200, durationMs: 1000, workers: 2, intervalMs: 250 });
  const result = await run.result;
  assert.equal(result.summary.model, 'open');
  assert.ok(Math.abs(result.summary.iterations!.count - 200) <= 10, `${result.summary.iterations!.count} iterations`);
  assert.ok(result.series.points.some((p) => p.rate === 200), JSON.stringify(result.series.points.map((p) => p.rate)));
});

test('open model over 2 workers: progress shows busy of allocated VUs summed over the workers, as in one thread', async () => {
  const snapshots: ProgressSnapshot[] = [];
  let run: Awaited<ReturnType<typeof startWorkers>> | undefined;
  run = await startWorkers({ url: `${origin}/r`, rate: 200, durationMs: 1000, workers: 2, intervalMs: 100, onInterval: () => run && snapshots.push(run.progress()) });
  await run.result;
  const late = snapshots.at(-1);
  assert.ok(late, 'no progress snapshot taken');
  assert.equal(typeof late.allocatedVus, 'number', JSON.stringify(late));
  assert.ok(late.allocatedVus! >= 2, `each worker allocated at least one VU: ${JSON.stringify(late)}`);
  assert.ok(snapshots.every((p) => p.vus <= (p.allocatedVus ?? -1)), JSON.stringify(snapshots));
  assert.match(formatProgress(late), /\d+\/\d+ VUs? busy/);
});

test('a scenario over 2 workers: checks, custom metrics, endpoints and thresholds judged on merged data', async () => {
  const run = await startWorkers({ scenario: { file: fixture('shop-journey.yaml'), target: origin, seed: 3 }, vus: 4, amount: 12, workers: 2 });
  const result = await run.result;
  parseResult(JSON.stringify(result), 'r.json');
  assert.equal(result.summary.iterations!.count, 12);
  assert.deepEqual(result.summary.checks && { ...result.summary.checks, byName: undefined }, { passes: 36, fails: 12, rate: 0.75, byName: undefined });
  assert.equal(result.summary.metrics!.logins_ok!.count, 12);
  assert.equal(result.summary.metrics!.cart_time!.count, 12);
  const old = result.summary.endpoints.find((e) => e.name === 'old page')!;
  assert.deepEqual(old.statusCodes, { 200: 12, 302: 12 });
  const t = Object.fromEntries(result.thresholds.map((r) => [r.expression, r]));
  assert.equal(t['logins_ok:rate>0.5']!.ok, true);
  assert.equal(t['checks:rate>0.99']!.observed, 0.75);
  assert.ok(!JSON.stringify(result).includes('secret-'));
});

test('TS hooks over workers: setup and teardown once in the main thread, setup data reaches the workers', async () => {
  const calls = ((globalThis as { engineHookCalls?: string[] }).engineHookCalls ??= []);
  calls.length = 0;
  const run = await startWorkers({ scenario: { file: fixture('engine-hooks.ts'), target: origin }, vus: 2, amount: 4, workers: 2 });
  const result = await run.result;
  assert.deepEqual(calls, ['setup', 'teardown:main'], 'before runs in the workers, setup/teardown only here');
  assert.deepEqual(result.summary.checks && { ...result.summary.checks, byName: undefined }, { passes: 4, fails: 0, rate: 1, byName: undefined });
});

test('abortOnFail over workers: the main thread judges the merged data and stops every worker', async () => {
  const run = await startWorkers({ scenario: { file: fixture('abort-slow.yaml'), target: origin }, vus: 2, durationMs: 20_000, workers: 2, intervalMs: 50 });
  const started = performance.now();
  const result = await run.result;
  assert.equal(result.status, 'aborted');
  assert.ok(performance.now() - started < 10_000);
  assert.equal(result.thresholds[0]!.ok, false);
});

test('abortOnFail on a tagged custom metric over workers: its series cross at every interval, exactly merged at the end', async () => {
  const metrics = { ...BUILTIN_METRICS, api_response_time: 'trend', api_errors: 'counter' } as const;
  // Judged every 50 ms from 200 ms on: without the series' interval snapshots it would see no samples, fail and abort.
  const guard = { ...parseThreshold('api_response_time{endpoint:items}:count>0', { field: 't', metrics }), abortOnFail: true, delayAbortEvalMs: 200 };
  const run = await startWorkers({ scenario: { file: fixture('custom-metrics.yaml'), target: origin }, vus: 2, durationMs: 1200, workers: 2, intervalMs: 50, thresholds: [guard, 'api_errors{endpoint:broken}:count<1'] });
  const result = await run.result;
  assert.equal(result.status, 'completed', JSON.stringify(result.thresholds));
  parseResult(JSON.stringify(result), 'r.json');
  const m = result.summary.metrics!;
  const items = result.summary.endpoints.find((e) => e.name === 'items')!.requests;
  const broken = result.summary.endpoints.find((e) => e.name === 'broken')!.requests;
  assert.ok(items > 0);
  // Each measured response fed its series once over both workers, as the endpoint stats count them.
  assert.deepEqual([m['api_response_time{endpoint:items}']!.count, m['api_errors{endpoint:broken}']!.count], [items, broken]);
  assert.equal(m['api_errors{endpoint:broken}']!.value, 0, 'the server answers /broken with 200 here');
  const t = Object.fromEntries(result.thresholds.map((r) => [r.expression, r]));
  assert.equal(t['api_response_time{endpoint:items}:count>0']!.observed, m['api_response_time{endpoint:items}']!.count);
});

test('stop("interrupted") ends every worker and still builds the partial result', async () => {
  const run = await startWorkers({ url: `${origin}/slow`, vus: 2, durationMs: 20_000, workers: 2, intervalMs: 50 });
  setTimeout(() => run.stop('interrupted'), 300);
  const result = await run.result;
  assert.equal(result.status, 'interrupted');
  assert.ok(result.summary.total.requests > 0);
  assert.ok(run.progress().requests > 0);
});

test('run.stats over workers is a coded usage error pointing at progress() and the result', async () => {
  const run = await startWorkers({ url: `${origin}/r`, vus: 1, amount: 2, workers: 2 });
  try {
    assert.throws(() => run.stats, (err) => isLoadlineError(err, 'LOADLINE_USAGE') && /progress\(\)/.test(err.message));
  } finally {
    await run.result;
  }
});
