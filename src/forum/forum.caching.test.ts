import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, loginAs, testForum } from './forum.test-kit.js';

test('http-cache: anonymous reads are answered from the response cache with an ETag and 304', async (t) => {
  const forum = await testForum(t, { fixes: ['http-cache'] });
  const first = await call(forum, '/api/forums/topics');
  assert.equal(first.headers.get('x-cache'), 'MISS');
  const second = await call(forum, '/api/forums/topics');
  assert.equal(second.headers.get('x-cache'), 'HIT');
  assert.equal(second.text, first.text);
  const etag = second.headers.get('etag')!;
  assert.ok(etag);
  const notModified = await call(forum, '/api/forums/topics', { headers: { 'if-none-match': etag } });
  assert.equal(notModified.status, 304);
});

for (const fixes of [['cache'], ['http-cache'], ['cache', 'http-cache']] as const) {
  test(`${fixes.join(' + ')}: a write invalidates the cached topic list, thread and profile at once`, async (t) => {
    const forum = await testForum(t, { fixes: [...fixes] });
    const token = await loginAs(forum, 3);
    const auth = { authorization: `Bearer ${token}` };
    const before = (await call(forum, '/api/forums/topics')).json;
    await call(forum, '/api/forums/topics');
    const threadBefore = (await call(forum, '/api/forums/50/posts')).json;
    await call(forum, '/api/forums/50/posts');
    const meBefore = (await call(forum, '/api/users/me', { headers: auth })).json;
    const wiki = await call(forum, '/api/wiki/pages/3');

    const created = await call(forum, '/api/forums/50/posts', { method: 'POST', headers: auth, body: { body: 'Fresh news' } });
    assert.equal(created.status, 201);

    const after = await call(forum, '/api/forums/topics');
    assert.notEqual(after.headers.get('x-cache'), 'HIT');
    assert.equal(after.json.topics[0].id, 50);
    assert.equal(after.json.topics[0].lastPost.id, created.json.id);
    assert.notDeepEqual(after.json, before);
    const thread = (await call(forum, '/api/forums/50/posts')).json;
    assert.equal(thread.topic.postCount, threadBefore.topic.postCount + 1);
    assert.equal(thread.posts.at(-1).id, created.json.id);
    const me = (await call(forum, '/api/users/me', { headers: auth })).json;
    assert.equal(me.postCount, meBefore.postCount + 1);
    assert.equal((await call(forum, '/api/wiki/pages/3')).text, wiki.text);
  });
}

test('an authenticated request is never answered from, nor stored in, the shared response cache', async (t) => {
  const forum = await testForum(t, { mode: 'optimized' });
  const [a, b] = [await loginAs(forum, 1), await loginAs(forum, 2)];
  const meA = await call(forum, '/api/users/me', { headers: { authorization: `Bearer ${a}` } });
  const meB = await call(forum, '/api/users/me', { headers: { authorization: `Bearer ${b}` } });
  assert.equal(meA.json.id, 1);
  assert.equal(meB.json.id, 2);
  assert.equal(meB.headers.get('x-cache'), null, 'the profile route never goes through the response cache');
  assert.match(meA.headers.get('cache-control')!, /private/);
  assert.equal((await call(forum, '/api/users/me')).status, 401);

  // A read with credentials bypasses: it neither hits an entry stored for anonymous readers nor leaves one.
  const authed = await call(forum, '/api/forums/9/posts', { headers: { authorization: `Bearer ${a}` } });
  assert.equal(authed.headers.get('x-cache'), 'BYPASS');
  assert.equal((await call(forum, '/api/forums/9/posts')).headers.get('x-cache'), 'MISS');
  assert.equal((await call(forum, '/api/forums/9/posts')).headers.get('x-cache'), 'HIT');
  assert.equal((await call(forum, '/api/forums/9/posts', { headers: { authorization: `Bearer ${a}` } })).headers.get('x-cache'), 'BYPASS');
  assert.equal((await call(forum, '/api/forums/9/posts', { headers: { cookie: 'sid=1' } })).headers.get('x-cache'), 'BYPASS');
});
