import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, loginAs, testForum } from './forum.test-kit.js';
import { FORUM_FIXES } from './fixes.js';

const READS = ['/api/forums/topics', '/api/forums/topics?page=2', '/api/forums/topics?page=99', '/api/forums/1/posts', '/api/forums/37/posts', '/api/forums/100/posts', '/api/forums/101/posts',
  '/api/wiki/pages/1', '/api/wiki/pages/20', '/api/wiki/pages/21', '/api/forums/topics?page=0', '/api/forums/x/posts', '/api/nowhere'];

test('naive and optimized answer every endpoint with the same status and body (optimization changes speed, never answers)', async (t) => {
  const naive = await testForum(t, { mode: 'naive' });
  const optimized = await testForum(t, { mode: 'optimized' });
  assert.deepEqual(naive.fixes, []);
  assert.deepEqual(optimized.fixes, [...FORUM_FIXES]);
  for (const path of READS) {
    // Twice on the optimized side: the second answer comes from its caches.
    const a = await call(naive, path);
    const b1 = await call(optimized, path);
    const b2 = await call(optimized, path);
    assert.equal(b1.status, a.status, path);
    assert.equal(b1.text, a.text, path);
    assert.equal(b2.text, a.text, path);
  }
  const thread = (await call(naive, '/api/forums/37/posts')).json;
  assert.equal(thread.topic.id, 37);
  assert.ok(thread.posts.length > 0 && thread.posts.some((p: { replies: unknown[] }) => p.replies.length > 0), 'a thread nests replies');

  for (const id of [1, 7, 40]) {
    const [ta, tb] = [await loginAs(naive, id), await loginAs(optimized, id)];
    const meA = await call(naive, '/api/users/me', { headers: { authorization: `Bearer ${ta}` } });
    const meB = await call(optimized, '/api/users/me', { headers: { authorization: `Bearer ${tb}` } });
    assert.equal(meA.status, 200);
    assert.equal(meB.text, meA.text);
    assert.equal(meA.json.id, id);
  }
  for (const [path, init] of [
    ['/api/auth/login', { method: 'POST', body: { email: 'user1@forum.test', password: 'wrong' } }],
    ['/api/auth/login', { method: 'POST', body: { email: 'nobody@forum.test', password: 'forum-password' } }],
    ['/api/auth/login', { method: 'POST', body: '{not json' }],
    ['/api/auth/login', { method: 'POST', body: { email: 'user1@forum.test' } }],
    ['/api/users/me', { headers: { authorization: 'Bearer nope' } }],
    ['/api/forums/1/posts', { method: 'POST', body: { body: 'hi' } }],
  ] as const) {
    const a = await call(naive, path, init);
    const b = await call(optimized, path, init);
    assert.equal(b.status, a.status, `${path} ${JSON.stringify(init)}`);
    assert.equal(b.text, a.text, `${path} ${JSON.stringify(init)}`);
    assert.ok(a.status >= 400);
  }
});

test('a post written to both modes gives the same post, thread and topic list (timestamps aside)', async (t) => {
  const naive = await testForum(t, { mode: 'naive' });
  const optimized = await testForum(t, { mode: 'optimized' });
  const clean = (text: string) => text.replace(/"(createdAt|updatedAt)":"20(?!24)[^"]*"/g, '"$1":"now"');
  for (const forum of [naive, optimized]) await call(forum, '/api/forums/topics'); // warm the optimized caches
  const results = [];
  for (const forum of [naive, optimized]) {
    const token = await loginAs(forum, 5);
    const auth = { authorization: `Bearer ${token}` };
    const created = await call(forum, '/api/forums/12/posts', { method: 'POST', headers: auth, body: { body: 'Indexes first, then caches.', parentId: null } });
    assert.equal(created.status, 201);
    const reply = await call(forum, '/api/forums/12/posts', { method: 'POST', headers: auth, body: { body: 'Agreed.', parentId: created.json.id } });
    assert.equal(reply.status, 201);
    const wrongParent = await call(forum, '/api/forums/13/posts', { method: 'POST', headers: auth, body: { body: 'x', parentId: created.json.id } });
    assert.equal(wrongParent.status, 400);
    const noTopic = await call(forum, '/api/forums/99999/posts', { method: 'POST', headers: auth, body: { body: 'x' } });
    assert.equal(noTopic.status, 404);
    results.push([created.text, reply.text, (await call(forum, '/api/forums/12/posts')).text, (await call(forum, '/api/forums/topics')).text, (await call(forum, '/api/users/me', { headers: auth })).text].map(clean));
  }
  assert.deepEqual(results[1], results[0]);
  const topics = JSON.parse(results[0]![3]!);
  assert.equal(topics.topics[0].id, 12, 'the topic just posted to leads the list');
});
