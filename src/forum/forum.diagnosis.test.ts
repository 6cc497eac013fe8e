import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, testForum } from './forum.test-kit.js';

test('the query monitor sees the naive topic list\'s N+1 at its calling line, and none with the n+1 fix', async (t) => {
  const naive = await testForum(t, { mode: 'naive' });
  const fixed = await testForum(t, { fixes: ['n+1'] });
  for (const forum of [naive, fixed]) {
    for (let i = 0; i < 3; i++) assert.equal((await call(forum, '/api/forums/topics')).status, 200);
  }
  const found = (await call(naive, '/api/performance/queries')).json;
  const n1 = found.nPlusOne.find((f: { route: string }) => f.route === 'GET /api/forums/topics');
  assert.ok(n1, JSON.stringify(found.nPlusOne));
  assert.match(n1.statement, /from (users|posts) where id = \?/);
  assert.match(n1.callSite, /forum\/data\/sqlite\/SqliteStore\.js:\d+:\d+$/);
  const clean = (await call(fixed, '/api/performance/queries')).json;
  assert.deepEqual(clean.nPlusOne, []);
  const topics = clean.routes.find((r: { route: string }) => r.route === 'GET /api/forums/topics');
  assert.equal(topics.queries, 3, 'one statement per request');
});

test('without instruments there is no /metrics nor query endpoint, and health still answers', async (t) => {
  const forum = await testForum(t, { instrument: false });
  assert.equal(forum.monitorUrls, undefined);
  assert.equal((await call(forum, '/metrics')).status, 404);
  assert.equal((await call(forum, '/api/performance/queries')).status, 404);
  assert.equal((await call(forum, '/health/live')).status, 200);
  assert.equal((await call(forum, '/health/ready')).status, 200);
});

test('with a monitor token (LOADLINE_TOKEN), the query snapshot needs it like the monitor\'s own endpoints', async (t) => {
  const token = 'forum-test-token-0123456789';
  const saved = process.env.LOADLINE_TOKEN;
  process.env.LOADLINE_TOKEN = token;
  let forum;
  try {
    forum = await testForum(t);
  } finally {
    if (saved === undefined) delete process.env.LOADLINE_TOKEN;
    else process.env.LOADLINE_TOKEN = saved;
  }
  assert.equal((await call(forum, '/api/performance/queries')).status, 401);
  assert.equal((await call(forum, '/api/performance/stats')).status, 401);
  const ok = await call(forum, '/api/performance/queries', { headers: { authorization: `Bearer ${token}` } });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.format, 'loadline.db.queries');
  assert.equal((await call(forum, '/api/forums/topics')).status, 200, 'the API itself is public');
  assert.equal((await call(forum, '/health/ready')).status, 200, 'and so is health');
});
