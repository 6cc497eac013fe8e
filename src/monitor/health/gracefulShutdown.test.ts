import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { gracefulShutdown } from './gracefulShutdown.js';
import { Monitor } from '../Monitor.js';
import { monitorHttp } from '../http/monitorHttp.js';

test('on SIGTERM readiness turns unhealthy first, the in-flight request finishes, then the server closes', async () => {
  const monitor = new Monitor({ runtime: false, builtinChecks: false });
  let release: () => void = () => {};
  let entered: () => void = () => {};
  const inHandler = new Promise<void>((r) => (entered = r));
  const server = createServer(
    monitorHttp(monitor, (req: IncomingMessage, res: ServerResponse) => {
      if (req.url === '/slow') {
        entered();
        release = () => res.end('done');
      } else res.end('fast');
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed: Array<{ timedOut: boolean }> = [];
  const shutdown = gracefulShutdown(server, monitor, { onClosed: (r) => void closed.push(r) });
  try {
    assert.equal((await fetch(`${base}/health/ready`)).status, 200);
    const slow = fetch(`${base}/slow`).then((r) => r.text());
    await inHandler;
    process.emit('SIGTERM', 'SIGTERM');
    assert.equal((await monitor.checkHealth('ready')).status, 'unhealthy');
    assert.equal(closed.length, 0, 'waits for the in-flight request');
    assert.equal(monitor.http.inFlight, 1);
    release();
    assert.equal(await slow, 'done');
    const result = await shutdown.shutdown();
    assert.deepEqual(result, { timedOut: false });
    assert.deepEqual(closed, [{ timedOut: false }]);
    assert.equal(server.listening, false);
    assert.equal(monitor.stopped, true);
    await assert.rejects(fetch(`${base}/health/ready`));
  } finally {
    shutdown.dispose();
    server.close();
  }
});
