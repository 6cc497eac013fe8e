import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLoadlineError } from '../../core/index.js';
import { loadScenario } from '../../load/index.js';
import { onFakeTime } from '../compat.test-kit.js';
import { startCompat } from '../startCompat.js';
import { planScenarioSet } from './index.js';
import { startShop } from './shop.test-kit.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/scenarios/${name}`, import.meta.url));

test('a TS scenario set runs two scenarios on different executors side by side, each its own function, with per-scenario tags for thresholds', async () => {
  const shop = await startShop();
  try {
    const result = await onFakeTime(async (clock) => (await startCompat(await planScenarioSet(fixture('scenario-set.ts'), { target: shop.url, clock }))).result, 10);
    // buy: per-vu-iterations, 2 VUs x 3 iterations, each listing once; browse: 10 arrivals/s for 2 s.
    assert.equal(shop.counts.get('GET /stock/:id'), 18, 'buy: 6 iterations x 3 products');
    const browse = shop.counts.get('GET /products')! - 6;
    assert.ok(Math.abs(browse - 20) <= 1, `browse: ${browse} arrivals, expected 20`);
    for (const t of result.thresholds) assert.ok(t.ok, `${t.expression}: observed ${t.observed}${t.reason ? ` (${t.reason})` : ''}`);
    assert.deepEqual(result.thresholds.map((t) => t.expression).sort(), ['checks:rate==1', 'http_req_duration{scenario:buy}:p(95)<5000', 'http_reqs{scenario:buy}:count==42', 'orders{scenario:buy}:count==12'].sort());
    assert.equal(result.summary.metrics?.orders?.count, 12);
    assert.equal(result.summary.metrics?.waitlisted?.count, 6);
    // An untagged path names its endpoint as written; tagged requests by their name.
    const endpoints = new Map(result.summary.endpoints.map((e) => [e.name, e.requests]));
    assert.equal(endpoints.get('/products'), browse);
    assert.equal(endpoints.get('products'), 6);
    assert.equal(endpoints.get('stock'), 18);
    assert.equal(result.status, 'completed');
  } finally {
    await shop.close();
  }
});

test('iteration functions branch on a response, loop over a list and send computed bodies', async () => {
  const shop = await startShop();
  try {
    const result = await onFakeTime(async (clock) => (await startCompat(await planScenarioSet(fixture('scenario-set.ts'), { target: shop.url, clock }))).result, 10);
    // The branch: product 2 is out of stock, so it goes to the waitlist, never to an order.
    assert.equal(shop.counts.get('POST /orders'), 12);
    assert.equal(shop.counts.get('POST /waitlist'), 6);
    assert.deepEqual([...new Set(shop.orders.map((o) => o.sku))].sort(), [1, 3]);
    // Computed bodies carry the VU's numbers: 2 VUs, iterations 0..2 each, in scenario buy.
    assert.deepEqual([...new Set(shop.orders.map((o) => o.vu))].length, 2);
    assert.deepEqual([...new Set(shop.orders.map((o) => o.iter))].sort(), [0, 1, 2]);
    assert.ok(shop.orders.every((o) => o.scenario === 'buy'));
    // Checks are counted under the names the code gives, in summary.checks.byName as any scenario's.
    const byName = result.summary.checks?.byName ?? {};
    assert.equal(byName['order created']?.passes, 12, JSON.stringify(byName));
    assert.equal(byName['order created']?.fails, 0);
    assert.ok((byName['products listed']?.passes ?? 0) >= 19, JSON.stringify(byName));
  } finally {
    await shop.close();
  }
});

test('bad scenario sets are rejected before any load, naming the file and the field', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'loadline-set-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const rejects = async (file: string, field: string, pattern: RegExp) => {
    await assert.rejects(planScenarioSet(file), (err: unknown) => {
      assert.ok(isLoadlineError(err, 'LOADLINE_INVALID_FILE'), String(err));
      assert.equal(err.details.file, file);
      assert.equal(err.details.field, field);
      assert.match(err.message, pattern);
      return true;
    });
  };
  await rejects(fixture('scenario-set-bad-executor.ts'), 'scenarios.browse.executor', /got "bursty-arrivals", expected one of constant-vus, ramping-vus/);
  const write = async (name: string, text: string) => {
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  };
  await rejects(await write('no-exec.ts', "export const scenarios = { buy: { executor: 'constant-vus', duration: '1s', exec: 'purchase' } };\nexport async function buy() {}\n"), 'scenarios.buy.exec', /got "purchase", expected the name of an async function the module exports \(buy\)/);
  await rejects(await write('bad-field.ts', "export const scenarios = { buy: { executor: 'constant-vus', duration: '1s', rate: 5 } };\nexport async function buy() {}\n"), 'scenarios.buy.rate', /no such field for constant-vus/);
  await rejects(await write('bad-threshold.ts', "export const scenarios = { buy: { executor: 'constant-vus', duration: '1s' } };\nexport const thresholds = { nope: ['p(95)<1'] };\nexport async function buy() {}\n"), 'thresholds.nope[0]', /nope/);
  await rejects(await write('bad-metric.ts', "export const scenarios = { buy: { executor: 'constant-vus', duration: '1s' } };\nexport const metrics = { orders: 'histogram' };\nexport async function buy() {}\n"), 'metrics.orders', /expected one of counter, gauge, rate, trend/);
});

test('a request not awaited is warned about once, naming await; loadScenario points a set to loadline run', async (t) => {
  const shop = await startShop();
  const dir = await mkdtemp(join(tmpdir(), 'loadline-set-'));
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on('warning', onWarning);
  t.after(async () => {
    process.off('warning', onWarning);
    await shop.close();
    await rm(dir, { recursive: true, force: true });
  });
  const file = join(dir, 'forgot-await.ts');
  await writeFile(file, "export const scenarios = { browse: { executor: 'per-vu-iterations', vus: 1, iterations: 2 } };\nexport async function browse(t: any) { t.http.get('/products'); }\n");
  await (await startCompat(await planScenarioSet(file, { target: shop.url }))).result;
  await new Promise((resolve) => setImmediate(resolve));
  const ours = warnings.filter((w) => w.includes('in flight'));
  assert.equal(ours.length, 1, warnings.join('\n'));
  assert.match(ours[0]!, /was not awaited; await every t\.http call/);
  await assert.rejects(loadScenario(fixture('scenario-set.ts')), /exports `scenarios` \(a scenario set\), which `loadline run` runs/);
});
