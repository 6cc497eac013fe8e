import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { spawnCli, unwrapped } from './cliProcess.test-kit.js';

const fixtures = new URL('../../test/fixtures/tls/', import.meta.url);

async function selfSigned(t: { after(fn: () => unknown): void }) {
  const state = { handshakes: 0, served: 0 };
  const server = https.createServer({ cert: readFileSync(new URL('cert.pem', fixtures)), key: readFileSync(new URL('key.pem', fixtures)) }, (_req, res) => {
    state.served++;
    res.end('secure');
  });
  server.on('connection', () => state.handshakes++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`, state };
}

test('a self-signed server: the first tls error is shown with a hint of --insecure, handshakes back off, and a run where every request failed unjudged warns loudly', async (t) => {
  const { url, state } = await selfSigned(t);
  const r = await spawnCli(['run', url, '--vus', '2', '--duration', '1500ms']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /tls×\d+/);
  assert.match(r.stdout, /first tls error: .*self[- ]signed certificate/i, r.stdout);
  assert.match(r.stdout, /--insecure \(-k\)/);
  assert.match(unwrapped(r.stderr), /WARNING: every request failed .* no threshold judged the run/);
  // Backing off 5 ms doubling to 1 s, two VUs make at most ~9 attempts each in 1.5 s (without: hundreds).
  assert.equal(state.served, 0);
  assert.ok(state.handshakes <= 30, `${state.handshakes} handshakes in 1.5 s`);

  const insecure = await spawnCli(['run', url, '-k', '--vus', '2', '--duration', '500ms', '--json']);
  assert.equal(insecure.code, 0, insecure.stderr);
  const summary = (JSON.parse(insecure.stdout) as { summary: { total: { requests: number; errors: { total: number } } } }).summary;
  assert.ok(summary.total.requests > 0);
  assert.equal(summary.total.errors.total, 0);
  assert.doesNotMatch(insecure.stderr, /WARNING/);
});
