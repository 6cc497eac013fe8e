import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Monitor } from '../Monitor.js';
import { handleMonitorRequest } from './monitorEndpoints.js';

/** A monitor whose /metrics body is ~2 MB per gauge: with 4, far more than loopback's socket buffers take while a client does not read, so most of it stays unsent. */
function largeMonitor(gaugeCount: number) {
  const monitor = new Monitor({ runtime: false, builtinChecks: false });
  const pad = 'x'.repeat(4000);
  const gauges = Array.from({ length: gaugeCount }, (_, g) => monitor.gauge({ name: `test_padded_${g}`, help: 'Padded series.', labelNames: ['key'] }));
  const setAll = (value: number) => {
    for (const gauge of gauges) for (let k = 0; k < 500; k++) gauge.set(value + k, { key: `${k}-${pad}` });
  };
  return { monitor, setAll };
}

/** Reads one HTTP/1.1 response with a content-length from a raw socket; returns its body. */
function readBody(socket: ReturnType<typeof connect>): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      const all = Buffer.concat(chunks, total);
      const end = all.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/content-length: (\d+)/i.exec(all.subarray(0, end).toString('latin1'))?.[1]);
      if (all.length >= end + 4 + length) resolve(all.subarray(end + 4, end + 4 + length).toString('utf8'));
    });
    socket.on('error', reject);
  });
}

test('a scrape while an earlier response is still being written gets its own buffer: both bodies are exact', async () => {
  const { monitor, setAll } = largeMonitor(4);
  const responses: ServerResponse[] = [];
  let answered: () => void = () => undefined;
  const server = createServer((req, res) => {
    handleMonitorRequest(monitor, req, res);
    responses.push(res);
    answered();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const stalled = connect(port, '127.0.0.1');
  try {
    setAll(1);
    const before = monitor.renderPrometheus();
    assert.ok(before.length > 8e6, `${before.length} bytes`);
    const sent = new Promise<void>((r) => (answered = r));
    stalled.pause(); // reads nothing until resumed: the server's writes back up
    stalled.write(`GET /metrics HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`);
    await sent;
    const first = responses[0]!;
    assert.equal(first.writableFinished, false, 'the first response is still being written');
    setAll(1_000_000); // every value changes: a shared buffer would now hold other digits
    const after = monitor.renderPrometheus();
    assert.notEqual(after, before);
    const second = await fetch(`http://127.0.0.1:${port}/metrics`);
    assert.equal(await second.text(), after);
    assert.equal(first.writableFinished, false, 'the second scrape completed while the first was still unsent');
    const body = readBody(stalled);
    stalled.resume();
    assert.equal(await body, before);
  } finally {
    stalled.destroy();
    server.closeAllConnections();
    server.close();
    await monitor.stop();
  }
});

test('concurrent scrapes and scrapes in a row all get the current exposition', async () => {
  const { monitor, setAll } = largeMonitor(1);
  const server = createServer((req, res) => handleMonitorRequest(monitor, req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  try {
    for (let round = 0; round < 3; round++) {
      setAll(round * 7);
      const expected = monitor.renderPrometheus();
      const bodies = await Promise.all([1, 2, 3].map(async () => (await fetch(url)).text()));
      for (const body of bodies) assert.equal(body, expected, `round ${round}`);
    }
  } finally {
    server.closeAllConnections();
    server.close();
    await monitor.stop();
  }
});
