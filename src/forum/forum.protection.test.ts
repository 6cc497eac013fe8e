import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, loginAs, testForum } from './forum.test-kit.js';

const attempt = { method: 'POST', body: { email: 'user9@forum.test', password: 'guess' } };

test('rate-limit: the auth profile (10 per 5 min) answers the 11th login attempt on one account with 429 and Retry-After', async (t) => {
  const limited = await testForum(t, { fixes: ['rate-limit'] });
  const open = await testForum(t);
  for (let i = 0; i < 10; i++) assert.equal((await call(limited, '/api/auth/login', attempt)).status, 401);
  const denied = await call(limited, '/api/auth/login', attempt);
  assert.equal(denied.status, 429);
  assert.ok(Number(denied.headers.get('retry-after')) > 0);
  assert.equal(denied.headers.get('ratelimit-limit'), '10');
  assert.equal((await call(limited, '/api/auth/login', { method: 'POST', body: { email: 'user10@forum.test', password: 'forum-password' } })).status, 200, 'another account is not limited');
  for (let i = 0; i < 11; i++) assert.equal((await call(open, '/api/auth/login', attempt)).status, 401, 'naive never limits');
});

test('sessions: the naive map keeps every session; the bounded cache keeps at most maxSessions, newest first', async (t) => {
  const naive = await testForum(t, { maxSessions: 2 });
  const bounded = await testForum(t, { fixes: ['sessions'], maxSessions: 2 });
  const tokens = [];
  for (const id of [1, 2, 3]) {
    await loginAs(naive, id);
    tokens.push(await loginAs(bounded, id));
  }
  assert.equal((await naive.stats()).sessions, 3);
  assert.equal((await bounded.stats()).sessions, 2);
  assert.equal((await call(bounded, '/api/users/me', { headers: { authorization: `Bearer ${tokens[0]}` } })).status, 401, 'the oldest session was evicted');
  assert.equal((await call(bounded, '/api/users/me', { headers: { authorization: `Bearer ${tokens[2]}` } })).json.id, 3);
});
