import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { isLoadlineError } from '../core/index.js';
import { startForum } from './startForum.js';
import { call, loginAs, testForum, TEST_SCALE } from './forum.test-kit.js';

const DATABASE_URL = process.env.LOADLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function forumSchemas(): Promise<string[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'loadline_forum_' || $1 || '_%'", [String(process.pid)])).rows.map((r) => r.schema_name as string);
  } finally {
    await client.end();
  }
}

test('PostgreSQL: naive and optimized answer as SQLite does, a write included; the schema is dropped on close', async (t) => {
  const sqlite = await testForum(t, { mode: 'naive' });
  const naive = await testForum(t, { mode: 'naive', databaseUrl: DATABASE_URL });
  const optimized = await testForum(t, { mode: 'optimized', databaseUrl: DATABASE_URL });
  assert.equal((await forumSchemas()).length, 2);
  for (const path of ['/api/forums/topics', '/api/forums/topics?page=4', '/api/forums/37/posts', '/api/forums/100/posts', '/api/forums/101/posts', '/api/wiki/pages/5', '/api/wiki/pages/21']) {
    const expected = await call(sqlite, path);
    for (const forum of [naive, optimized]) {
      const got = await call(forum, path);
      assert.equal(got.status, expected.status, path);
      assert.equal(got.text, expected.text, path);
    }
  }
  const clean = (text: string) => text.replace(/"(createdAt|updatedAt)":"20(?!2[34])[^"]*"/g, '"$1":"now"');
  const written = [];
  for (const forum of [sqlite, naive, optimized]) {
    const auth = { authorization: `Bearer ${await loginAs(forum, 6)}` };
    const created = await call(forum, '/api/forums/8/posts', { method: 'POST', headers: auth, body: { body: 'Same on every backend', parentId: null } });
    assert.equal(created.status, 201);
    written.push([created.text, (await call(forum, '/api/forums/8/posts')).text, (await call(forum, '/api/forums/topics')).text, (await call(forum, '/api/users/me', { headers: auth })).text].map(clean));
  }
  assert.deepEqual(written[1], written[0]);
  assert.deepEqual(written[2], written[0]);
  await naive.close();
  await optimized.close();
  assert.deepEqual(await forumSchemas(), []);
});

test('PostgreSQL that does not answer: LOADLINE_DATABASE_UNREACHABLE naming the URL without its password, port released', async () => {
  const url = 'postgres://forum:secret@127.0.0.1:1/forum';
  await assert.rejects(startForum({ databaseUrl: url, scale: TEST_SCALE, port: 0 }), (err) => {
    assert.ok(isLoadlineError(err, 'LOADLINE_DATABASE_UNREACHABLE'));
    assert.equal(err.message, 'databaseUrl: got "postgres://forum:***@127.0.0.1:1/forum", expected a PostgreSQL server that answers (ECONNREFUSED)');
    return true;
  });
  assert.deepEqual(await forumSchemas(), []);
});
