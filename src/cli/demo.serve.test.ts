import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnCli } from './cliProcess.test-kit.js';

test('loadline demo --serve --port 0: prints its URLs, serves the API and the monitor, stops cleanly on SIGINT', async () => {
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
        const m = /loadline run (http:\/\/127\.0\.0\.1:\d+)\/api\/users .*--monitor \1/.exec(seen);
        if (m) resolveUrl(m[1]!);
      });
    },
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    const url = await printed;
    assert.match(seen, new RegExp(`${url}/metrics`));
    assert.match(seen, new RegExp(`${url}/health/ready`));
    assert.match(seen, new RegExp(`${url}/loadline\\b`));
    const api = await fetch(`${url}/api/users`);
    assert.equal(api.status, 200);
    assert.equal(((await api.json()) as { total: number }).total, 100);
    const metrics = await fetch(`${url}/metrics`);
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    assert.match(text, /route="\/api\/users"/, 'the API request was recorded per route');
    const ready = await fetch(`${url}/health/ready`);
    assert.equal(ready.status, 200);
    assert.match(((await ready.json()) as { status: string }).status, /healthy|degraded/);
    const dashboard = await fetch(`${url}/loadline`);
    assert.equal(dashboard.status, 200);
    await dashboard.text();
    child.kill('SIGINT');
    const ran = await exited;
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /SIGINT, sample target stopped/);
  } finally {
    clearTimeout(guard);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
