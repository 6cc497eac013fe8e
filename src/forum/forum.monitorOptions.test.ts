import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../core/index.js';
import { startForum } from './startForum.js';
import { call, testForum, TEST_SCALE, type Reply } from './forum.test-kit.js';
import type { ForumServer } from './startForum.js';

const TOKEN = 'forum-option-token-0123456789';
const PROTECTED = ['/metrics', '/api/performance/stats', '/api/performance/queries'];

async function asks(forum: ForumServer, path: string, token?: string): Promise<Reply> {
  return call(forum, path, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
}

async function assertProtectedBy(forum: ForumServer, token: string): Promise<void> {
  for (const path of PROTECTED) {
    assert.equal((await asks(forum, path)).status, 401, `${path} without a token`);
    assert.equal((await asks(forum, path, 'wrong-token-wrong-token-0123')).status, 401, `${path} with a wrong token`);
    assert.equal((await asks(forum, path, token)).status, 200, `${path} with the token`);
  }
  const health = await asks(forum, '/health/ready');
  assert.equal(health.status, 200, 'health stays public');
  assert.ok(!('checks' in health.json), 'without the token: the status only');
  assert.ok('checks' in (await asks(forum, '/health/ready', token)).json, 'with it: the details');
  assert.equal((await call(forum, '/api/forums/topics')).status, 200, 'the API itself is public');
}

test('token: the monitor endpoints refuse a request without it or with a wrong one and answer the right one', async (t) => {
  const envBefore = process.env.LOADLINE_TOKEN;
  const forum = await testForum(t, { token: TOKEN });
  await assertProtectedBy(forum, TOKEN);
  assert.equal(process.env.LOADLINE_TOKEN, envBefore, 'process.env untouched');
});

test('token: a forum in its own process gets it from the options, not from the environment', async (t) => {
  const envBefore = process.env.LOADLINE_TOKEN;
  const forum = await startForum({ scale: TEST_SCALE, childProcess: true, token: TOKEN });
  t.after(() => forum.close());
  assert.notEqual(forum.pid, process.pid);
  await assertProtectedBy(forum, TOKEN);
  assert.equal(process.env.LOADLINE_TOKEN, envBefore, 'process.env untouched');
});

test('token: a bad value is LOADLINE_INVALID_OPTION naming token and what was expected, never the value', async () => {
  const cases: Array<[unknown, string]> = [
    ['short-secret', 'a string of 12 characters'],
    ['', 'an empty string'],
    ['has spaces in the middle of it', 'a string with spaces or non-ASCII characters'],
    [12345678901234567890, 'a number'],
  ];
  for (const childProcess of [false, true]) {
    for (const [token, got] of cases) {
      await assert.rejects(startForum({ scale: TEST_SCALE, childProcess, token: token as string }), (err) => {
        assert.ok(isLoadlineError(err, 'LOADLINE_INVALID_OPTION'), String(err));
        assert.equal(err.message, `token: got ${got} (value redacted), expected a string of at least 16 characters, visible ASCII without spaces (e.g. openssl rand -base64 24)`);
        assert.equal(err.details.field, 'token');
        assert.equal(err.details.value, '[REDACTED]');
        if (typeof token === 'string' && token !== '') assert.ok(!err.message.includes(token) && !JSON.stringify(err.details).includes(token), 'the value is redacted');
        return true;
      });
    }
  }
});

test('slowQueryMs: a statement slower than a low threshold is in the slow log; under a high one it is not', async (t) => {
  const low = await testForum(t, { slowQueryMs: 0.1 });
  const high = await testForum(t, { slowQueryMs: 60_000 });
  // The naive thread scans every post (no index on posts.topic_id): about 0.5 ms at the test scale, well over 0.1 ms.
  for (const forum of [low, high]) assert.equal((await call(forum, '/api/forums/7/posts')).status, 200);
  const seen = (await call(low, '/api/performance/queries')).json;
  assert.equal(seen.slowMs, 0.1);
  const scan = seen.slow.find((s: { route?: string; statement: string }) => s.route === 'GET /api/forums/:id/posts' && /from posts where topic_id = ?/.test(s.statement));
  assert.ok(scan, JSON.stringify(seen.slow));
  assert.ok(scan.durationMs >= 0.1);
  const unseen = (await call(high, '/api/performance/queries')).json;
  assert.equal(unseen.slowMs, 60_000);
  assert.equal(unseen.slowTotal, 0);
  assert.deepEqual(unseen.slow, []);
  assert.ok(unseen.statements.length > 0, 'the statements themselves are still counted');
});

test('slowQueryMs: a bad value names the field, the value and what was expected', async () => {
  for (const [slowQueryMs, got] of [[-1, '-1'], ['10', '"10"']] as const) {
    await assert.rejects(startForum({ scale: TEST_SCALE, slowQueryMs: slowQueryMs as number }), (err) => isLoadlineError(err, 'LOADLINE_INVALID_OPTION') && err.message === `slowQueryMs: got ${got}, expected a finite number at least 0`, String(slowQueryMs));
  }
});
