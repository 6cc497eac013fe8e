import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResult } from '../core/index.js';
import type { RepeatedRunResult } from '../core/index.js';
import { measured, spawnCli } from './cliProcess.test-kit.js';

test('run --repeat 3 --html: three runs, the median one is the result, every summary kept, report written', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-run-repeat-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await measured(3, async () => {
    // Each run opens its own 2 connections and gets slower answers than the one before, so the median run is the second one.
    let connections = 0;
    const server = createServer((_req, res) => {
      setTimeout(() => res.end('ok'), Math.ceil(connections / 2) * 5);
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const out = join(dir, 'r.json');
      const html = join(dir, 'r.html');
      const ran = await spawnCli(['run', url, '--repeat', '3', '--vus', '2', '--duration', '600ms', '--quiet', '--out', out, '--html', html]);
      assert.equal(ran.code, 0, ran.stderr);
      assert.match(ran.stderr, /run 1 of 3[\s\S]*run 2 of 3[\s\S]*run 3 of 3/);
      const result = parseResult(readFileSync(out, 'utf8'), out) as RepeatedRunResult;
      const repeats = result.repeats!;
      assert.equal(repeats.length, 3);
      assert.ok(repeats.every((r) => r.status === 'completed' && r.summary.total.requests > 0));
      assert.deepEqual(repeats.map((r) => r.representative === true), [false, true, false]);
      const p95s = repeats.map((r) => r.summary.total.latency.p95);
      assert.ok(p95s[0]! < p95s[1]! && p95s[1]! < p95s[2]!, `p95s ${p95s}`);
      assert.deepEqual(result.summary, repeats[1]!.summary);
      assert.equal(result.startedAt, repeats[1]!.startedAt);
      assert.ok(Date.parse(repeats[0]!.endedAt) <= Date.parse(repeats[1]!.startedAt), 'back to back, not overlapping');
      const page = readFileSync(html, 'utf8');
      assert.match(page, /^<!doctype html>/i);
      assert.doesNotMatch(page, /<script[^>]+src=["']https?:/i, 'self-contained');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

test('run --repeat with a bad count is bad usage', async () => {
  for (const bad of ['0', 'two', '101']) {
    const ran = await spawnCli(['run', 'http://127.0.0.1:1/', '--repeat', bad]);
    assert.equal(ran.code, 2, bad);
    assert.match(ran.stderr, /--repeat: got .* expected an integer from 1 to 100/);
  }
});
