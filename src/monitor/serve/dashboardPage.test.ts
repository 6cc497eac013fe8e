import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../core/chromium.test-kit.js';
import { createQueryMonitor, instrumentSqlite } from '../../db/index.js';
import { aggregateCluster, reportToPrimary, type WorkerReport } from '../cluster/clusterAggregation.js';
import { createMonitor } from '../createMonitor.js';
import { Monitor } from '../Monitor.js';
import { serveMonitor } from './serveMonitor.js';
import { monitorHttp } from '../http/monitorHttp.js';

/**
 * Waits until `expression` is true in the page. Playwright's waitForFunction compiles its
 * predicate with eval inside the page, which the dashboard's CSP (rightly) refuses; evaluate runs
 * through the DevTools protocol instead.
 */
async function until(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('signed in through the login form, the dashboard renders in Chromium under its CSP, updates live while requests flow, with no console errors', async () => {
  const token = 'dashboard-page-token';
  const monitor = createMonitor({ intervalMs: 200, token });
  monitor.gauge({ name: 'loadline_cache_entries', help: 'Entries in the cache.', collect: () => 42 });
  const server = createServer(
    monitorHttp(monitor, (_req: IncomingMessage, res: ServerResponse) => res.end('ok'), { route: (req) => (req.url?.startsWith('/work') ? '/work/:n' : '/other') }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let browser: Browser | undefined;
  const problems: string[] = [];
  let loading = true;
  const load = (async () => {
    let n = 0;
    while (loading && n < 20_000) await (await fetch(`${base}/work/${n++}`)).text();
  })();
  try {
    browser = await launchChromium();
    assert.equal((await fetch(`${base}/loadline`)).status, 401, 'the page itself is token-protected');
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    // CSP violations reach the console as errors, so the empty list at the end covers them too.
    await page.goto(`${base}/loadline`);
    // The login form itself comes with 401 (no session yet), which Chromium logs as a failed load.
    assert.deepEqual(problems.splice(0), ['Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
    await page.fill('input[name="token"]', token);
    await Promise.all([page.waitForURL(`${base}/loadline`), page.click('button[type="submit"]')]);
    assert.equal(page.url(), `${base}/loadline`, 'the token never appears in a URL');
    const cookies = await page.context().cookies();
    assert.deepEqual(
      cookies.map((c) => [c.name, c.path, c.httpOnly, c.sameSite]),
      [['loadline_session', '/loadline', true, 'Strict']],
    );
    await until(page, "document.getElementById('conn')?.textContent === 'live'");
    await until(page, "Number(document.getElementById('kpi-rps')?.textContent) > 0");
    const first = await page.textContent('#updated');
    await until(page, `document.getElementById('updated')?.textContent !== ${JSON.stringify(first)}`);
    assert.ok(Number(await page.textContent('#kpi-heap')) > 1, 'heap in MB');
    assert.match((await page.textContent('#routes')) ?? '', /GET \/work\/:n/);
    assert.match((await page.textContent('#components')) ?? '', /loadline_cache_entries\s*42/);
    await until(page, "document.getElementById('health')?.textContent === 'healthy'");
    assert.ok((await page.locator('canvas').count()) >= 5, 'one uPlot canvas per chart');
    const points = await page.evaluate("document.querySelectorAll('.u-legend').length");
    assert.equal(points, 5);
    assert.deepEqual(problems, []);
  } finally {
    loading = false;
    await load;
    await browser?.close();
    server.closeAllConnections();
    server.close();
    await monitor.stop();
  }
});

test("on a cluster primary the dashboard shows one row per worker with its runtime figures, a sum/max row and a cluster chart; an exited worker's row goes", async () => {
  const primary = createMonitor({ intervalMs: 200 });
  const transport = new EventEmitter();
  const aggregation = aggregateCluster(primary, transport as never);
  // Two workers' reports as they arrive over IPC (JSON), from monitors running the real runtime probes.
  const workers = [4101, 4102].map((pid) => {
    const m = new Monitor({ runtime: true, intervalMs: 3_600_000, historyWindowMs: 3_600_000 });
    reportToPrimary(m, (report) => transport.emit('message', {}, { ...(JSON.parse(JSON.stringify(report)) as WorkerReport), pid }));
    return m;
  });
  for (const m of workers) m.tick();
  const { url, close } = await serveMonitor(primary);
  let browser: Browser | undefined;
  const problems: string[] = [];
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${url}/loadline`);
    await until(page, "document.querySelectorAll('#workers tr[data-pid]').length === 2");
    assert.equal(await page.isVisible('#workers-card'), true);
    const cells = (pid: number) => page.$$eval(`#workers tr[data-pid="${pid}"] td`, (tds) => tds.map((td) => td.textContent ?? ''));
    const view = primary.cluster()!;
    for (const w of view.workers) {
      const row = await cells(w.pid);
      assert.equal(row[0], String(w.pid));
      assert.equal(Number(row[4]), Number((w.runtime!.heapUsedBytes / 1e6).toFixed(1)), `heap MB of ${w.pid}`);
      assert.equal(Number(row[5]), Number((w.runtime!.rssBytes / 1e6).toFixed(1)), `RSS MB of ${w.pid}`);
      assert.ok(Number(row[5]) > 1, `RSS ${row[5]}`);
    }
    const sum = await page.$$eval('#workers tr.sum td', (tds) => tds.map((td) => td.textContent ?? ''));
    assert.equal(sum[0], 'all 2');
    assert.equal(Number(sum[5]), Number((view.summary.rssBytes / 1e6).toFixed(1)));
    assert.equal(await page.textContent('#kpi-workers'), '2');
    await until(page, "document.querySelector('#workers-chart canvas') !== null");
    assert.equal(await page.evaluate("document.querySelectorAll('.u-legend').length"), 6, 'five charts and the cluster chart');

    transport.emit('exit', { process: { pid: 4101 } });
    await until(page, "document.querySelectorAll('#workers tr[data-pid]').length === 1");
    assert.equal(await page.getAttribute('#workers tr[data-pid]', 'data-pid'), '4102');
    assert.equal(await page.textContent('#kpi-workers'), '1');
    assert.deepEqual(problems, []);
  } finally {
    await browser?.close();
    aggregation.stop();
    await close();
    for (const m of workers) await m.stop();
    await primary.stop();
  }
});

test('without a cluster the workers table stays hidden and no cluster chart is drawn', async () => {
  const monitor = createMonitor({ intervalMs: 200 });
  const { url, close } = await serveMonitor(monitor);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${url}/loadline`);
    const first = await page.textContent('#updated');
    await until(page, `document.getElementById('updated')?.textContent !== ${JSON.stringify(first)}`);
    assert.equal(await page.isVisible('#workers-card'), false);
    assert.equal(await page.isVisible('#queries-panel'), false, 'no query monitor: no Queries panel');
    assert.equal(await page.locator('#workers-chart').count(), 0);
    assert.equal(await page.textContent('#kpi-workers'), '–');
  } finally {
    await browser?.close();
    await close();
    await monitor.stop();
  }
});

test('with a query monitor attached, the Queries panel shows the top statements, the route with its heaviest statement, the N+1 finding and the slow log, under the CSP and with no console errors', async () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE posts (id INTEGER PRIMARY KEY, topic_id INT, author_id INT)');
  for (let i = 1; i <= 6; i++) db.prepare('INSERT INTO authors VALUES (?, ?)').run(i, `a${i}`), db.prepare('INSERT INTO posts (topic_id, author_id) VALUES (1, ?)').run(i);
  // slowMs 0: every statement enters the slow log, so the panel's last table has rows too.
  const queries = createQueryMonitor({ log: false, slowMs: 0 });
  instrumentSqlite(db, { monitor: queries });
  const posts = db.prepare('SELECT * FROM posts WHERE topic_id = ?');
  const author = db.prepare('SELECT name FROM authors WHERE id = ?');
  const monitor = createMonitor({ intervalMs: 200, queries });
  const server = createServer(
    monitorHttp(monitor, (_req: IncomingMessage, res: ServerResponse) => res.end(JSON.stringify((posts.all(1) as Array<{ author_id: number }>).map((p) => author.get(p.author_id)))), { route: () => '/topics/:id' }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let browser: Browser | undefined;
  const problems: string[] = [];
  try {
    for (let i = 0; i < 2; i++) await (await fetch(`${base}/topics/1`)).text();
    browser = await launchChromium();
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${base}/loadline`);
    await until(page, "document.getElementById('queries-panel')?.hidden === false");
    const table = (id: string) => page.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const statements = await table('q-statements');
    assert.deepEqual(statements.map((r) => [r[0], r[1]]).sort(), [['select * from posts where topic_id = ?', '2'], ['select name from authors where id = ?', '12']], 'statements and their calls');
    const [route] = await table('q-routes');
    assert.deepEqual([route![0], route![1]], ['GET /topics/:id', '14'], 'the route and its queries');
    assert.ok(['select * from posts where topic_id = ?', 'select name from authors where id = ?'].includes(route![3]!), 'its heaviest statement');
    assert.ok(Number(route![4]) > 0 && Number(route![4]) <= 100, 'with its share in %');
    const [finding = []] = await table('q-nplusone');
    assert.equal(finding[0], 'GET /topics/:id');
    assert.equal(finding[1], 'select name from authors where id = ?');
    assert.match(finding[2]!, /dashboardPage\.test\.js:\d+:\d+$/);
    assert.equal(finding[3], '6');
    assert.match((await page.textContent('#q-slow-title')) ?? '', /at least 0 ms; 14 in all/);
    assert.ok((await page.locator('#q-slow tbody tr').count()) >= 14);
    assert.deepEqual(problems, []);
  } finally {
    await browser?.close();
    server.closeAllConnections();
    server.close();
    await monitor.stop();
    db.close();
  }
});
