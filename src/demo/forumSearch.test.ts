import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { volumesFor } from '../forum/index.js';
import { normalizedForumScenario } from './forumScenario.js';
import { scenarioSource } from './forumSearch.js';

test('each run of a search draws its own ids (no cache warmed by the last step, no account logged in every step), the same ones for the same seed', async (t) => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scenario = await normalizedForumScenario({ volumes: volumesFor(1), tokens: ['t'] });
  const shape = { model: 'open' as const, rate: 200, durationMs: 300, warmupMs: 0, thresholds: [], timeoutMs: 2000, gracefulStopMs: 500 };
  const runOf = async (source: ReturnType<typeof scenarioSource>) => {
    seen.length = 0;
    await source.run(shape);
    return [...seen];
  };
  // Share of one run's requests found in the other (arrival order varies with the connections; what was asked for does not).
  const overlap = (a: string[], b: string[]) => {
    const left = new Map<string, number>();
    for (const r of b) left.set(r, (left.get(r) ?? 0) + 1);
    let common = 0;
    for (const r of a) if ((left.get(r) ?? 0) > 0) (common++, left.set(r, left.get(r)! - 1));
    return common / Math.min(a.length, b.length);
  };
  const source = scenarioSource(scenario, url, 1, undefined);
  const first = await runOf(source);
  const second = await runOf(source);
  assert.ok(first.length >= 40 && second.length >= 40);
  assert.ok(overlap(first, second) < 0.6, `the second step replayed the first one's requests (overlap ${overlap(first, second)})`);
  assert.ok(overlap(await runOf(scenarioSource(scenario, url, 1, undefined)), first) > 0.9, 'a new search with the same seed starts the same way');
});
