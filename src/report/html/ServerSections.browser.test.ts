import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../core/chromium.test-kit.js';
import { parseResult, type RunResult } from '../../core/index.js';
import { syntheticResult } from '../SyntheticResult.js';
import { renderHtmlReport } from './HtmlReport.js';
import { countColouredPixels, decodePng } from './PngPixels.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** A run with the target's query table and Redis/PostgreSQL series, as `loadline run --monitor --sample-redis --sample-pg` writes them. */
function withServerSide(): RunResult {
  const base = syntheticResult({ seed: 21, durationS: 10, endpoints: [{ name: 'GET /api/forums/1/posts' }] }) as RunResult;
  const t = Array.from({ length: 10 }, (_, i) => i + 1);
  base.queries = {
    source: 'http://127.0.0.1:3000',
    window: 'run',
    slowMs: 100,
    statements: [
      { id: '00000000000000a1', driver: 'pg', text: 'select name from authors where id = $1', calls: 4000, rows: 4000, errors: 0, totalMs: 1200, meanMs: 0.3, latencyMs: { p50: 0.25, p95: 0.6, p99: 1.1, max: 9 }, callSite: '/srv/app/routes.js:42:31' },
      { id: '00000000000000b2', driver: 'pg', text: 'select * from posts where score < $1 and forum_id = $2', calls: 500, rows: 10000, errors: 2, totalMs: 800, meanMs: 1.6 },
    ],
    routes: [{ route: 'GET /api/forums/:id/posts', queries: 4500, totalMs: 2000, statements: [{ id: '00000000000000a1', text: 'select name from authors where id = $1', calls: 4000, totalMs: 1200, share: 0.6 }, { id: '00000000000000b2', text: 'select * from posts where score < $1 and forum_id = $2', calls: 500, totalMs: 800, share: 0.4 }] }],
    nPlusOne: [{ route: 'GET /api/forums/:id/posts', statementId: '00000000000000a1', statement: 'select name from authors where id = $1', callSite: '/srv/app/routes.js:42:31', requests: 500, maxCount: 8 }],
    slow: [{ at: Date.now(), durationMs: 140, driver: 'pg', statementId: '00000000000000b2', statement: 'select * from posts where score < $1 and forum_id = $2', route: 'GET /api/forums/:id/posts', paramCount: 2 }],
    slowTotal: 1,
  };
  base.datastores = {
    intervalMs: 1000,
    redis: {
      source: 'redis://127.0.0.1:6379',
      points: t.slice(0, 7).map((s) => ({ t: s, opsPerSec: 500 + 40 * s, hitRate: s === 1 ? null : 0.8 + s / 100, usedMemoryBytes: 2e6 + 1e5 * s, connectedClients: 3 + (s % 2), evictions: s > 5 ? 10 : 0 })),
      gaps: [{ t: 8, error: 'connect ECONNREFUSED 127.0.0.1:6379' }, { t: 9, error: 'connect ECONNREFUSED 127.0.0.1:6379' }],
    },
    pg: {
      source: 'postgres://127.0.0.1:5432/app',
      points: t.map((s) => ({ t: s, connections: 5 + (s % 3), commitsPerSec: 300 + 10 * s, rollbacksPerSec: s % 4, cacheHitRatio: 0.97 + s / 1000 })),
      gaps: [],
      statements: { available: false, note: 'pg_stat_statements is not enabled on this server' },
    },
  };
  return parseResult(JSON.stringify(base), 'server-side.json');
}

test('top statements beside the client latency, the route and the N+1; Redis and PostgreSQL charts drawn on the run axis, with the gaps noted; no console errors', async () => {
  const result = withServerSide();
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  try {
    await page.setContent(renderHtmlReport(result), { waitUntil: 'load' });
    await page.waitForSelector('body[data-charts-ready]', { timeout: 10_000 });
    assert.deepEqual(errors, []);
    const table = (id: string) => page.$$eval(`[data-testid="${id}"] tbody tr`, (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    const statements = await table('top-statements');
    assert.deepEqual(statements.map((r) => r.slice(0, 5)), [
      ['select name from authors where id = $1', '4000', (4000 / result.summary.total.requests).toFixed(2), '1200.00', '60.0%'],
      ['select * from posts where score < $1 and forum_id = $2', '500', (500 / result.summary.total.requests).toFixed(2), '800.00', '40.0%'],
    ]);
    assert.equal(statements[0]![9], '/srv/app/routes.js:42:31');
    assert.match((await page.textContent('[data-testid="queries-lead"]')) ?? '', new RegExp(`Client side: ${result.summary.total.requests} requests, p95 ${result.summary.total.latency.p95.toFixed(2)} ms`));
    assert.deepEqual(await table('query-routes'), [['GET /api/forums/:id/posts', '4500', '2000.00', 'select name from authors where id = $1', '60.0%']]);
    assert.deepEqual(await table('n-plus-one'), [['GET /api/forums/:id/posts', 'select name from authors where id = $1', '/srv/app/routes.js:42:31', '8', '500']]);
    assert.equal((await table('slow-queries')).length, 1);
    assert.match((await page.textContent('[data-testid="datastore-gaps"]')) ?? '', /Redis \(redis:\/\/127\.0\.0\.1:6379\): 2 sample\(s\) failed, from 8 s to 9 s: connect ECONNREFUSED/);
    assert.match((await page.textContent('[data-testid="pg-statements-note"]')) ?? '', /pg_stat_statements is not enabled/);
    const ids = await page.$$eval('#datastores [data-chart]', (els) => els.map((e) => e.id));
    assert.deepEqual(ids, ['chart-redis-ops', 'chart-redis-memory', 'chart-redis-hitrate', 'chart-pg-transactions', 'chart-pg-connections']);
    for (const id of ids) {
      const pixels = decodePng(await page.locator(`#${id} .u-over`).screenshot());
      assert.ok(countColouredPixels(pixels) > 100, `${id} is drawn`);
    }
  } finally {
    await page.close();
  }
});

test('a result without queries or datastores has neither section', () => {
  const html = renderHtmlReport(syntheticResult({ seed: 2, durationS: 3 }) as RunResult);
  assert.doesNotMatch(html, /id="queries"|id="datastores"/);
});
