import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { listenOnLoopback } from './loopbackServer.js';
import { sendRequest } from './sendRequest.js';

test('listenOnLoopback serves on 127.0.0.1 and sendRequest returns status, raw headers and body', async (t) => {
  const app = await listenOnLoopback((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      res.writeHead(201, { 'x-method': req.method!, etag: '"v1"' });
      res.end(`${req.headers['x-who']}:${body}`);
    });
  });
  t.after(() => app.close());
  assert.match(app.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const reply = await sendRequest(`${app.url}/items`, { method: 'POST', headers: { 'x-who': 'me' }, body: 'hello' });
  assert.equal(reply.status, 201);
  assert.equal(reply.headers['x-method'], 'POST');
  assert.equal(reply.headers.etag, '"v1"');
  assert.equal(reply.body, 'me:hello');
});

test('close() ends at once though a client still holds a keep-alive connection', async () => {
  const app = await listenOnLoopback((_req, res) => res.end('ok'));
  const agent = new Agent({ keepAlive: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const req = request(`${app.url}/`, { agent }, (res) => res.resume().on('end', resolve));
      req.on('error', reject);
      req.end();
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(Object.values(agent.freeSockets).flat().length, 1, 'the client keeps its connection open');
    const started = performance.now();
    await app.close();
    assert.ok(performance.now() - started < 1000, 'close waited for the idle connection');
    await assert.rejects(sendRequest(`${app.url}/`), 'nothing listens there any more');
  } finally {
    agent.destroy();
  }
});
