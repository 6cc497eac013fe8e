import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../core/chromium.test-kit.js';
import { createMonitor, serveMonitor } from '../monitor/index.js';

const CLI = fileURLToPath(new URL('./main.js', import.meta.url));

test('loadline dashboard without --target exits 2 naming the flag', () => {
  const r = spawnSync(process.execPath, [CLI, 'dashboard'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--target: expected the base URL of a service running the loadline monitor/);
  const bad = spawnSync(process.execPath, [CLI, 'dashboard', '--target', 'ftp://x'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--target: got "ftp:\/\/x"/);
});

test('loadline dashboard --target serves the live page for a remote, token-protected monitor', async () => {
  const monitor = createMonitor({ intervalMs: 200, token: 'remote-token-0123456' });
  const target = await serveMonitor(monitor);
  const child = spawn(process.execPath, [CLI, 'dashboard', '--target', target.url, '--token', 'remote-token-0123456', '--for', '60s'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let browser: Browser | undefined;
  let recording = true;
  const traffic = (async () => {
    // requests recorded straight into the target's metrics, as its adapters would
    for (let i = 0; recording && i < 10_000; i++) {
      monitor.http.record('GET', '/api/items/:id', 200, 3 + (i % 7));
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  try {
    browser = await launchChromium();
    let out = '';
    while (!/\/loadline/.test(out)) {
      const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
      out += chunk.toString();
    }
    const url = /(http:\/\/127\.0\.0\.1:\d+\/loadline)/.exec(out)?.[1];
    assert.ok(url, out);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(url);
    // waitForFunction evaluates its predicate with eval, which the dashboard's CSP refuses: poll through evaluate.
    for (const end = Date.now() + 10_000; !(await page.evaluate("Number(document.getElementById('kpi-rps')?.textContent) > 0")); ) {
      assert.ok(Date.now() < end, 'requests/s never rose above 0');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match((await page.textContent('#routes')) ?? '', /GET \/api\/items\/:id/);
    assert.deepEqual(problems, []);
  } finally {
    recording = false;
    await traffic;
    await browser?.close();
    child.kill('SIGTERM');
    await once(child, 'exit');
    await target.close();
    await monitor.stop();
  }
});
