import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createQueryMonitor } from '../monitor/QueryMonitor.js';
import { instrumentPg } from '../pg/instrumentPg.js';
import { DATABASE_URL, pgSchema } from '../db.test-kit.js';
import { explain } from './explain.js';

/** HypoPG comes from Debian's postgresql-15-hypopg package, which the test setup installs. */
async function createHypopg(admin: pg.Client): Promise<void> {
  const available = (await admin.query("SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg'")).rows.length > 0;
  assert.ok(available, 'HypoPG is not installed on this PostgreSQL server: apt-get install postgresql-15-hypopg (the test setup lists it)');
  await admin.query('CREATE EXTENSION IF NOT EXISTS hypopg');
}

async function forum(prefix: string) {
  const kit = await pgSchema(prefix, { max: 2 });
  const { pool } = kit;
  await pool.query('CREATE TABLE topics (id int PRIMARY KEY, title text NOT NULL)');
  await pool.query('CREATE TABLE posts (id serial PRIMARY KEY, topic_id int NOT NULL, author_id int NOT NULL, created_at timestamptz NOT NULL, body text)');
  await pool.query("INSERT INTO topics SELECT g, 'topic' || g FROM generate_series(1, 400) g");
  await pool.query("INSERT INTO posts (topic_id, author_id, created_at, body) SELECT 1 + g % 400, g % 97, now() - g * interval '1 minute', 'x' FROM generate_series(1, 30000) g");
  await pool.query('ANALYZE topics; ANALYZE posts');
  return kit;
}

test('a missing index: Seq Scan with a Filter and a Sort, a hint verified with HypoPG, and once created the finding is gone', async (t) => {
  const { pool, admin, schema, drop } = await forum('ll_db_explain');
  t.after(drop);
  await createHypopg(admin);
  const sql = 'SELECT * FROM posts WHERE topic_id = $1 ORDER BY created_at DESC LIMIT 20';
  const before = await explain(pool, sql, [7]);
  assert.equal(before.ok, true, before.reason);
  assert.equal(before.findings.length, 1, JSON.stringify(before.findings));
  const [finding] = before.findings;
  assert.equal(finding!.kind, 'full-scan');
  assert.equal(finding!.table, `${schema}.posts`);
  assert.match(finding!.detail, /^Seq Scan on .*posts \(Filter: \(posts\.topic_id = 7\)\)$/);
  assert.ok(finding!.tableRows! >= 29_000);
  const hint = finding!.hint!;
  assert.equal(hint.sql, `CREATE INDEX idx_posts_topic_id_created_at ON ${schema}.posts (topic_id, created_at)`);
  assert.equal(hint.verifiedBy, 'hypopg');
  assert.ok(hint.costAfter! <= hint.costBefore! / 2, `cost ${hint.costBefore} -> ${hint.costAfter}`);
  assert.equal((await pool.query('SELECT count(*)::int AS n FROM public.hypopg_list_indexes')).rows[0].n, 0, 'no hypothetical index left behind');

  await pool.query(hint.sql);
  await pool.query('ANALYZE posts');
  const after = await explain(pool, sql, [7]);
  assert.equal(after.ok, true);
  assert.deepEqual(after.findings, []);
  assert.match(JSON.stringify(after.plan), /idx_posts_topic_id_created_at/);
});

test('a hint is kept only when the cost at least halves; small tables and primary keys get none', async (t) => {
  const { pool, admin, schema, drop } = await forum('ll_db_explain2');
  t.after(drop);
  await createHypopg(admin);
  const join = await explain(pool, 'SELECT t.title, p.body FROM topics t JOIN posts p ON p.topic_id = t.id WHERE t.id = $1', [3]);
  assert.equal(join.ok, true, join.reason);
  assert.deepEqual(join.findings.map((f) => f.hint?.sql), [`CREATE INDEX idx_posts_topic_id ON ${schema}.posts (topic_id)`]);
  assert.deepEqual((await explain(pool, 'SELECT * FROM topics WHERE title = $1', ['topic1'])).findings, [], '400 rows: under PgHero\'s 10k');
  assert.deepEqual((await explain(pool, 'SELECT * FROM posts WHERE id = $1', [5])).findings, []);
  // Half the table matches: an index would not halve the cost, so no hint, and the finding says why.
  const broad = await explain(pool, 'SELECT * FROM posts WHERE author_id < $1', [60]);
  assert.equal(broad.findings.length, 1);
  assert.equal(broad.findings[0]!.hint, undefined);
  assert.match(broad.findings[0]!.hintNote!, /no candidate index \(author_id\) brought the planned cost to 50 % or less/);
});

test('reasons instead of throws: writes, DDL, syntax errors, parameters without values, and HypoPG not created', async (t) => {
  const { pool, admin, drop } = await forum('ll_db_explain3');
  t.after(drop);
  for (const sql of ['DELETE FROM posts', 'UPDATE posts SET body = $1', 'CREATE INDEX ON posts (body)', 'WITH d AS (DELETE FROM posts RETURNING id) SELECT * FROM d']) {
    const r = await explain(pool, sql);
    assert.deepEqual([r.ok, /never writes or DDL/.test(r.reason!)], [false, true], sql);
  }
  assert.equal((await pool.query('SELECT count(*)::int AS n FROM posts')).rows[0].n, 30_000);
  const broken = await explain(pool, 'SELECT * FROM posts WHERE');
  assert.equal(broken.ok, false);
  assert.match(broken.reason!, /^PostgreSQL cannot plan the statement: syntax error at end of input/);
  assert.match((await explain(pool, 'SELEC * FROM posts')).reason!, /only read statements/);
  const noValues = await explain(pool, 'SELECT * FROM posts WHERE topic_id = $1');
  assert.equal(noValues.ok, false);
  assert.match(noValues.reason!, /PostgreSQL before 16 cannot plan it without them/);

  // A database of its own, where HypoPG is installed on the server but not created.
  const dbName = `ll_db_nohypo_${process.pid}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${dbName}`;
  const other = new pg.Pool({ connectionString: url.toString(), max: 1 });
  try {
    await other.query('CREATE TABLE big (id int, v int); INSERT INTO big SELECT g, g % 1000 FROM generate_series(1, 20000) g; ANALYZE big');
    const r = await explain(other, 'SELECT * FROM big WHERE v = $1', [5]);
    assert.equal(r.findings[0]!.hint, undefined);
    assert.match(r.findings[0]!.hintNote!, /HypoPG is installed on the server but not created in this database/);
    const created = await explain(other, 'SELECT * FROM big WHERE v = $1', [5], { createHypopg: true });
    assert.equal(created.findings[0]!.hint?.sql, 'CREATE INDEX idx_big_v ON public.big (v)');
  } finally {
    await other.end();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  }
});

test('slow reads of an instrumented pool are explained automatically on a connection of their own', async (t) => {
  const { pool, admin, schema, drop } = await forum('ll_db_explain4');
  t.after(drop);
  await createHypopg(admin);
  const monitor = createQueryMonitor({ log: false, slowMs: 0, autoExplain: true });
  instrumentPg(pool, { monitor });
  await pool.query('SELECT * FROM posts WHERE author_id = $1 AND created_at > now() - interval \'1 day\'', [5]);
  await pool.query('UPDATE topics SET title = $1 WHERE id = $2', ['x', 1]);
  await monitor.explainsSettled();
  const { explains, statements } = monitor.snapshot();
  assert.equal(explains.length, 1, JSON.stringify(explains));
  assert.equal(explains[0]!.ok, true, explains[0]!.reason);
  assert.equal(explains[0]!.findings[0]!.hint?.sql, `CREATE INDEX idx_posts_author_id_created_at ON ${schema}.posts (author_id, created_at)`);
  assert.equal(statements.length, 2, 'the explain\'s statements are not recorded');
  await monitor.close();
});
