import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnCli } from './cliProcess.test-kit.js';

test('loadline demo --serve --port 0: serves the naive forum with its instruments, prints a find line, stops cleanly on SIGINT', async () => {
  const { LOADLINE_TOKEN: _drop, ...env } = process.env;
  let resolveUrl!: (url: string) => void;
  const printed = new Promise<string>((r) => (resolveUrl = r));
  let child!: import('node:child_process').ChildProcess;
  let seen = '';
  const exited = spawnCli(['demo', '--serve', '--port', '0'], {
    env,
    onSpawn: (c) => {
      child = c;
      c.stdout!.on('data', (d) => {
        seen += d;
        const m = /loadline find (http:\/\/127\.0\.0\.1:\d+)\/api\/forums\/topics --slo 'http_req_duration:p\(95\)<127' --slo 'http_req_failed:rate<0\.01' --pid \d+/.exec(seen);
        if (m) resolveUrl(m[1]!);
      });
    },
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    const url = await printed;
    assert.match(seen, /the naive forum serving on/);
    assert.match(seen, new RegExp(`${url}/metrics`));
    assert.match(seen, new RegExp(`${url}/api/performance/queries`));
    assert.match(seen, new RegExp(`${url}/loadline\\b`));
    const topics = await fetch(`${url}/api/forums/topics`);
    assert.equal(topics.status, 200);
    assert.equal(((await topics.json()) as { topics: unknown[] }).topics.length, 20);
    const metrics = await fetch(`${url}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(await metrics.text(), /route="\/api\/forums\/topics"/, 'the API request was recorded per route');
    const queries = await fetch(`${url}/api/performance/queries`);
    const body = await queries.text();
    assert.equal(queries.status, 200, body);
    assert.equal((JSON.parse(body) as { nPlusOne: Array<{ route: string }> }).nPlusOne[0]?.route, 'GET /api/forums/topics', 'naive: the topic list is an N+1');
    const dashboard = await fetch(`${url}/loadline`);
    assert.equal(dashboard.status, 200);
    await dashboard.text();
    child.kill('SIGINT');
    const ran = await exited;
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /SIGINT, the forum stopped/);
  } finally {
    clearTimeout(guard);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
