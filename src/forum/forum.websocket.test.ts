import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import type { ForumServer } from './startForum.js';
import { call, loginAs, testForum } from './forum.test-kit.js';

async function joined(forum: ForumServer, topicId: number): Promise<WebSocket> {
  const ws = new WebSocket(`${forum.url.replace('http', 'ws')}/ws`);
  await once(ws, 'open');
  ws.send(JSON.stringify({ type: 'join', topicId }));
  const [data] = await once(ws, 'message');
  assert.deepEqual(JSON.parse(String(data)), { type: 'joined', topicId });
  return ws;
}

/** Waits (event-loop turns, bounded) until the server has seen every socket close. */
async function serverSawCloses(forum: ForumServer): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await forum.stats()).wsClients > 0) {
    if (Date.now() > deadline) throw new Error('the server still counts open sockets after 5 s');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

for (const mode of ['naive', 'optimized'] as const) {
  test(`${mode}: a client that joined a topic's room receives each new post of that topic, and only those`, async (t) => {
    const forum = await testForum(t, { mode });
    const inRoom = await joined(forum, 20);
    const elsewhere = await joined(forum, 21);
    t.after(() => {
      inRoom.terminate();
      elsewhere.terminate();
    });
    let strays = 0;
    elsewhere.on('message', () => strays++);
    const token = await loginAs(forum, 4);
    const message = once(inRoom, 'message');
    const created = await call(forum, '/api/forums/20/posts', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: { body: 'Live!' } });
    assert.equal(created.status, 201);
    const [data] = await message;
    assert.deepEqual(JSON.parse(String(data)), { type: 'post', topicId: 20, post: created.json });
    assert.equal(strays, 0);
  });
}

test('naive rooms keep a listener for every disconnected socket; with ws-cleanup none outlives its socket', async (t) => {
  for (const [mode, leaked] of [['naive', 6], ['optimized', 0]] as const) {
    const forum = await testForum(t, { mode });
    for (let i = 0; i < 3; i++) {
      const ws = await joined(forum, 30 + i);
      ws.send(JSON.stringify({ type: 'join', topicId: 40 }));
      await once(ws, 'message');
      ws.close();
      await once(ws, 'close');
    }
    await serverSawCloses(forum);
    const stats = await forum.stats();
    assert.equal(stats.roomListeners, leaked, mode);
    // Broadcasting to the leaked listeners of closed sockets still works (and still costs).
    const token = await loginAs(forum, 1);
    assert.equal((await call(forum, '/api/forums/40/posts', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: { body: 'anyone?' } })).status, 201);
  }
});

test('a bad room message gets an error answer and the socket stays usable', async (t) => {
  const forum = await testForum(t, { mode: 'optimized' });
  const ws = new WebSocket(`${forum.url.replace('http', 'ws')}/ws`);
  t.after(() => ws.terminate());
  await once(ws, 'open');
  ws.send('{"type":"join","topicId":"x"}');
  const [data] = await once(ws, 'message');
  assert.equal(JSON.parse(String(data)).type, 'error');
  ws.send(JSON.stringify({ type: 'join', topicId: 2 }));
  assert.equal(JSON.parse(String((await once(ws, 'message'))[0])).type, 'joined');
  const other = new WebSocket(`${forum.url.replace('http', 'ws')}/elsewhere`);
  const [err] = await once(other, 'error');
  assert.match(String(err), /404/);
});
