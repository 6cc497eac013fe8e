import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import { FakeClock, isLoadlineError } from '../../core/index.js';
import { monitorExpress } from '../http/monitorExpress.js';
import { monitorFastify } from '../http/monitorFastify.js';
import { HeapSnapshots } from './HeapSnapshots.js';
import { Monitor } from '../Monitor.js';
import { monitorHttp } from '../http/monitorHttp.js';

const TOKEN = 'heap-snapshot-test-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };

test('a heapSnapshotDir that is missing or not a folder is a start-up error naming it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-heapdir-'));
  try {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    for (const bad of [join(dir, 'missing'), file]) {
      assert.throws(
        () => new Monitor({ runtime: false, token: TOKEN, heapSnapshotDir: bad }),
        (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && e.message.startsWith(`heapSnapshotDir: got ${JSON.stringify(bad)}, expected a folder this process can write`),
        bad,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

type Start = (monitor: Monitor) => Promise<{ url: string; close: () => Promise<void> }>;

const servers: Array<[string, Start]> = [
  [
    'node:http',
    async (monitor) => {
      const server = createServer(monitorHttp(monitor, (_req: IncomingMessage, res: ServerResponse) => res.end('app')));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
      };
    },
  ],
  [
    'Express 5',
    async (monitor) => {
      const app = express();
      app.use(monitorExpress(monitor));
      app.get('/app', (_req, res) => void res.send('app'));
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
      };
    },
  ],
  [
    'Fastify',
    async (monitor) => {
      const app = Fastify();
      await app.register(monitorFastify(monitor));
      app.get('/app', async () => 'app');
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      return { url, close: () => app.close() };
    },
  ],
];

for (const [name, start] of servers) {
  test(`${name}: a snapshot that cannot be written answers a JSON error, and the service keeps serving`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadline-heapdir-'));
    const monitor = new Monitor({ runtime: false, token: TOKEN, heapSnapshotDir: dir });
    // The folder goes away after start-up (a cleaned tmp, an unmounted volume): the write fails.
    rmSync(dir, { recursive: true, force: true });
    const { url, close } = await start(monitor);
    try {
      const res = await fetch(`${url}/api/monitoring/heap-snapshot`, { method: 'POST', headers: AUTH });
      assert.equal(res.status, 500);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const body = (await res.json()) as { code: string; error: string };
      assert.equal(body.code, 'LOADLINE_HEAP_SNAPSHOT_FAILED');
      assert.match(body.error, /ENOENT/);
      assert.equal(monitor.heapSnapshots.writing, false);
      const app = await fetch(`${url}/app`);
      assert.equal(await app.text(), 'app', 'the service still answers');
      assert.equal((await fetch(`${url}/metrics`, { headers: AUTH })).status, 200);
    } finally {
      await close();
      await monitor.stop();
    }
  });
}

test('a snapshot is written (owner-only) through the endpoint; a second one is refused while the first is being written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-heapdir-'));
  const monitor = new Monitor({ runtime: false, token: TOKEN, heapSnapshotDir: dir });
  const server = createServer(monitorHttp(monitor, (_req: IncomingMessage, res: ServerResponse) => res.end('app')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const real = await fetch(`${url}/api/monitoring/heap-snapshot`, { method: 'POST', headers: AUTH });
    assert.equal(real.status, 200);
    const { file } = (await real.json()) as { file: string };
    assert.ok(file.startsWith(dir) && file.endsWith('.heapsnapshot') && existsSync(file));
    assert.equal(statSync(file).mode & 0o777, 0o600, 'a heap holds secrets: readable by its owner only');
    assert.ok(statSync(file).size > 1000, 'a whole snapshot');

    // A writer held open by the test stands for a large heap being streamed to disk.
    let finish: () => void = () => {};
    const slow = new HeapSnapshots({ dir, clock: new FakeClock(), write: () => new Promise<void>((resolve) => (finish = resolve)) });
    Object.defineProperty(monitor, 'heapSnapshots', { value: slow });
    const first = fetch(`${url}/api/monitoring/heap-snapshot`, { method: 'POST', headers: AUTH });
    while (!slow.writing) await new Promise((resolve) => setImmediate(resolve));
    const second = await fetch(`${url}/api/monitoring/heap-snapshot`, { method: 'POST', headers: AUTH });
    assert.equal(second.status, 409);
    assert.equal(((await second.json()) as { code: string }).code, 'LOADLINE_HEAP_SNAPSHOT_BUSY');
    finish();
    assert.equal((await first).status, 200);
    assert.equal(slow.writing, false);
  } finally {
    server.closeAllConnections();
    server.close();
    await monitor.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
