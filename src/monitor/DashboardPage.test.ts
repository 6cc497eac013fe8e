import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { createMonitor } from './createMonitor.js';
import { monitorHandler } from './nodeHttpAdapter.js';

const LAUNCH = { executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] };

test('the dashboard renders in Chromium, updates live while requests flow, with no console errors', async () => {
  const monitor = createMonitor({ intervalMs: 200, token: 'tok' });
  monitor.gauge({ name: 'loadline_cache_entries', help: 'Entries in the cache.', collect: () => 42 });
  const server = createServer(
    monitorHandler(monitor, (_req: IncomingMessage, res: ServerResponse) => res.end('ok'), { route: (req) => (req.url?.startsWith('/work') ? '/work/:n' : '/other') }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch(LAUNCH);
  const problems: string[] = [];
  let loading = true;
  const load = (async () => {
    let n = 0;
    while (loading && n < 20_000) await (await fetch(`${base}/work/${n++}`)).text();
  })();
  try {
    assert.equal((await fetch(`${base}/loadline`)).status, 401, 'the page itself is token-protected');
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${base}/loadline?token=tok`);
    await page.waitForFunction("document.getElementById('conn')?.textContent === 'live'", undefined, { timeout: 10_000 });
    await page.waitForFunction("Number(document.getElementById('kpi-rps')?.textContent) > 0", undefined, { timeout: 10_000 });
    const first = await page.textContent('#updated');
    await page.waitForFunction(`document.getElementById('updated')?.textContent !== ${JSON.stringify(first)}`, undefined, { timeout: 10_000 });
    assert.ok(Number(await page.textContent('#kpi-heap')) > 1, 'heap in MB');
    assert.match((await page.textContent('#routes')) ?? '', /GET \/work\/:n/);
    assert.match((await page.textContent('#components')) ?? '', /loadline_cache_entries\s*42/);
    await page.waitForFunction("document.getElementById('health')?.textContent === 'healthy'", undefined, { timeout: 10_000 });
    assert.ok((await page.locator('canvas').count()) >= 5, 'one uPlot canvas per chart');
    const points = await page.evaluate("document.querySelectorAll('.u-legend').length");
    assert.equal(points, 5);
    assert.deepEqual(problems, []);
  } finally {
    loading = false;
    await load;
    await browser.close();
    server.closeAllConnections();
    server.close();
    await monitor.stop();
  }
});
