import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnCli } from '../../cli/cliProcess.test-kit.js';
import { startShop } from './shop.test-kit.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/scenarios/${name}`, import.meta.url));

test('loadline run scenario-set.ts runs both scenarios, writes the result, and judges a per-scenario --threshold (exit 99)', async (t) => {
  const shop = await startShop();
  const dir = await mkdtemp(join(tmpdir(), 'loadline-set-cli-'));
  t.after(async () => {
    await shop.close();
    await rm(dir, { recursive: true, force: true });
  });
  const out = join(dir, 'result.json');
  const r = await spawnCli(['run', fixture('scenario-set.ts'), '--target', shop.url, '--out', out, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(shop.counts.get('GET /stock/:id'), 18);
  assert.equal(shop.counts.get('POST /orders'), 12);
  const browse = shop.counts.get('GET /products')! - 6;
  assert.ok(browse >= 18 && browse <= 21, `browse: ${browse} arrivals at 10/s for 2 s`);
  const result = JSON.parse(await readFile(out, 'utf8')) as { thresholds: Array<{ expression: string; ok: boolean }>; summary: { metrics: Record<string, { count?: number }> } };
  assert.ok(result.thresholds.every((th) => th.ok), JSON.stringify(result.thresholds));
  assert.equal(result.summary.metrics.orders?.count, 12);

  const failing = await spawnCli(['run', fixture('scenario-set.ts'), '--target', shop.url, '--threshold', 'http_reqs{scenario:browse}:count<5', '--quiet']);
  assert.equal(failing.code, 99, failing.stderr);
});

test('loadline run with an unknown executor exits 2 naming the file and the field, before any request', async (t) => {
  const shop = await startShop();
  t.after(() => shop.close());
  const file = fixture('scenario-set-bad-executor.ts');
  const r = await spawnCli(['run', file, '--target', shop.url]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /scenario-set-bad-executor\.ts/);
  assert.match(r.stderr, /scenarios\.browse\.executor: got "bursty-arrivals", expected one of constant-vus/);
  assert.equal(shop.counts.size, 0);
  const flag = await spawnCli(['run', fixture('scenario-set.ts'), '--vus', '3']);
  assert.equal(flag.code, 2, flag.stderr);
  assert.match(flag.stderr, /--vus.*scenario set/);
});
