import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { FakeClock } from '../../core/index.js';
import { Monitor } from '../Monitor.js';
import { handleMonitorRequest } from '../serve/monitorEndpoints.js';
import { serveMonitor } from '../serve/serveMonitor.js';

const TOKEN = 'public-health-test-token';
const SECRET_ERROR = 'connect ECONNREFUSED 10.1.2.3:5432 user=admin password=hunter2';

test('with publicHealth, anonymous probes get the status only; the token shows the checks and their errors', async () => {
  const monitor = new Monitor({ runtime: false, builtinChecks: false, token: TOKEN, publicHealth: true });
  monitor.registerCheck(
    'postgres',
    () => {
      throw new Error(SECRET_ERROR);
    },
    { liveness: true },
  );
  const { url, close } = await serveMonitor(monitor);
  try {
    for (const path of ['/health/ready', '/health/live', '/api/monitoring/health']) {
      const anonymous = await fetch(`${url}${path}`);
      assert.equal(anonymous.status, 503, path);
      const text = await anonymous.text();
      assert.doesNotMatch(text, /hunter2|10\.1\.2\.3|ECONNREFUSED|postgres/, path);
      assert.deepEqual(Object.keys(JSON.parse(text) as object).sort(), ['status', 'timestamp'], path);
      const wrong = await fetch(`${url}${path}`, { headers: { authorization: 'Bearer not-the-token-at-all' } });
      assert.doesNotMatch(await wrong.text(), /hunter2/, `${path} with a wrong token`);
      const authorised = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(authorised.status, 503);
      const report = (await authorised.json()) as { checks: Array<{ name: string; error?: string }> };
      assert.equal(report.checks[0]?.name, 'postgres');
      assert.equal(report.checks[0]?.error, SECRET_ERROR);
    }
  } finally {
    await close();
    await monitor.stop();
  }
});

test('concurrent probes share one run of the checks, and a short cache serves the probes right after it', async () => {
  const clock = new FakeClock();
  const monitor = new Monitor({ clock, runtime: false, builtinChecks: false, token: TOKEN, publicHealth: true, healthCacheMs: 2000 });
  let runs = 0;
  let release: () => void = () => {};
  monitor.registerCheck('db', () => {
    runs++;
    return new Promise<void>((resolve) => (release = resolve));
  });
  let arrived = 0;
  const server = createServer((req, res) => {
    arrived++;
    handleMonitorRequest(monitor, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const probes = Array.from({ length: 50 }, () => fetch(`${url}/health/ready`).then(async (r) => [r.status, await r.json()] as const));
    // every probe is in the server before the one run of the check ends
    while (arrived < 50) await new Promise((resolve) => setImmediate(resolve));
    release();
    const answers = await Promise.all(probes);
    assert.equal(runs, 1, '50 concurrent probes ran the check once');
    assert.ok(answers.every(([status, body]) => status === 200 && (body as { status: string }).status === 'healthy'));

    clock.advance(1999);
    assert.equal((await fetch(`${url}/health/ready`)).status, 200);
    assert.equal(runs, 1, 'inside healthCacheMs the last run is served');
    clock.advance(1);
    const fresh = fetch(`${url}/health/ready`);
    while (runs < 2) await new Promise((resolve) => setImmediate(resolve));
    release();
    assert.equal((await fresh).status, 200);
    assert.equal(runs, 2, 'past healthCacheMs the checks run again');

    monitor.beginShutdown();
    assert.equal((await fetch(`${url}/health/ready`)).status, 503, 'a shutdown shows at once, whatever the cache holds');
    assert.equal(runs, 2);
  } finally {
    release();
    server.closeAllConnections();
    server.close();
    await monitor.stop();
  }
});

test('healthCacheMs is checked at construction', () => {
  assert.throws(() => new Monitor({ runtime: false, healthCacheMs: -1 }), /healthCacheMs: got -1, expected an integer at least 0/);
});
