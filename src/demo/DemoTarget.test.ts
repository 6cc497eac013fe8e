import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoTarget } from './DemoTarget.js';

test('the demo target serves its JSON endpoints on loopback, 404 elsewhere, and closes', async () => {
  const target = await startDemoTarget({ latencyScale: 0 });
  try {
    assert.match(target.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const get = async (path: string) => {
      const res = await fetch(`${target.url}${path}`);
      return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
    };
    const health = await get('/api/health');
    assert.equal(health.status, 200);
    assert.equal(health.type, 'application/json');
    assert.equal(health.body.status, 'ok');
    const users = await get('/api/users');
    assert.equal((users.body.users as unknown[]).length, 20);
    assert.equal(users.body.total, 100);
    assert.equal((await get('/api/users/7')).body.id, 7);
    assert.equal((await get('/api/users/1000')).status, 404);
    assert.equal(((await get('/api/projects')).body.projects as unknown[]).length, 40);
    assert.equal((await get('/nope')).status, 404);
    assert.equal(target.served, 6);
  } finally {
    await target.close();
  }
});

test('latency has a realistic spread: lognormal per endpoint, projects slower than health', async () => {
  const target = await startDemoTarget();
  try {
    const time = async (path: string) => {
      const t0 = performance.now();
      await (await fetch(`${target.url}${path}`)).arrayBuffer();
      return performance.now() - t0;
    };
    const health: number[] = [];
    const projects: number[] = [];
    for (let i = 0; i < 15; i++) {
      health.push(await time('/api/health'));
      projects.push(await time('/api/projects'));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    // Timers never fire early, so a 25 ms median delay cannot measure below ~15 ms; load only adds.
    assert.ok(median(projects) >= 15, `projects median ${median(projects)}`);
    assert.ok(median(projects) > median(health) + 8, `health ${median(health)} projects ${median(projects)}`);
  } finally {
    await target.close();
  }
});
