import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isLoadlineError } from '../../core/errors/errors.js';
import { createQueryMonitor } from '../monitor/QueryMonitor.js';
import { instrumentSqlite } from '../sqlite/instrumentSqlite.js';
import { tempDir } from '../db.test-kit.js';
import { explain } from './explain.js';
import { parsePlanRow } from './explainSqlite.js';

test('plan rows are read in both of SQLite\'s wordings (before and since 3.36)', () => {
  assert.deepEqual(parsePlanRow('SCAN TABLE posts'), { op: 'scan', name: 'posts', detail: 'SCAN TABLE posts' });
  assert.deepEqual(parsePlanRow('SCAN posts'), { op: 'scan', name: 'posts', detail: 'SCAN posts' });
  assert.equal(parsePlanRow('SCAN TABLE posts AS p').name, 'p');
  assert.equal(parsePlanRow('SCAN p').name, 'p');
  assert.deepEqual(parsePlanRow('SEARCH TABLE posts USING INDEX idx_posts_topic (topic_id=?)'), { op: 'search', name: 'posts', index: 'idx_posts_topic', detail: 'SEARCH TABLE posts USING INDEX idx_posts_topic (topic_id=?)' });
  assert.equal(parsePlanRow('SEARCH posts USING COVERING INDEX idx_a (a=?)').index, 'idx_a');
  assert.equal(parsePlanRow('SCAN posts USING INDEX idx_created').index, 'idx_created');
  assert.equal(parsePlanRow('SEARCH u USING INTEGER PRIMARY KEY (rowid=?)').index, 'PRIMARY KEY');
  assert.equal(parsePlanRow('USE TEMP B-TREE FOR ORDER BY').op, 'temp-btree-order');
  assert.equal(parsePlanRow('SCAN CONSTANT ROW').op, 'other');
  assert.equal(parsePlanRow('SCAN SUBQUERY 1').op, 'other');
  assert.equal(parsePlanRow('CO-ROUTINE sub').op, 'other');
});

function forum(t: { after(fn: () => void): void }) {
  const tmp = tempDir('loadline-db-explain');
  const db = new Database(join(tmp.dir, 'forum.db'));
  t.after(() => (db.close(), tmp.remove()));
  db.exec(`CREATE TABLE topics (id INTEGER PRIMARY KEY, title TEXT);
    CREATE TABLE posts (id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL, author_id INTEGER NOT NULL, created_at INTEGER NOT NULL, body TEXT)`);
  const insert = db.prepare('INSERT INTO posts (topic_id, author_id, created_at, body) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 12_000; i++) insert.run(i % 300, i % 97, 1_700_000_000 + i, 'x');
    for (let i = 0; i < 300; i++) db.prepare('INSERT INTO topics (title) VALUES (?)').run(`t${i}`);
  })();
  return db;
}

test('a missing index: the scan is found, the hint is verified on a schema copy, and once created the finding is gone', async (t) => {
  const db = forum(t);
  const sql = 'SELECT * FROM posts WHERE topic_id = ? ORDER BY created_at DESC LIMIT 20';
  const before = await explain(db, sql, [7]);
  assert.equal(before.ok, true, before.reason);
  assert.deepEqual(before.findings.map((f) => [f.kind, f.table]), [['full-scan', 'posts'], ['sort', 'posts']]);
  const hint = before.findings[0]!.hint!;
  assert.equal(hint.sql, 'CREATE INDEX idx_posts_topic_id_created_at ON posts (topic_id, created_at)', 'seed 003\'s idx_posts_topic_created');
  assert.equal(hint.verifiedBy, 'schema-copy');
  assert.deepEqual(before.findings[1]!.hint?.sql, hint.sql, 'the same index removes the sort');
  assert.equal((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index'").get() as { n: number }).n, 0, 'the database itself is untouched');

  db.exec(hint.sql);
  const after = await explain(db, sql, [7]);
  assert.deepEqual(after.findings, []);
  assert.match(JSON.stringify(after.plan), /SEARCH posts USING INDEX idx_posts_topic_id_created_at/);
});

test('joins and aliases: the scanned side of a join gets its join column indexed', async (t) => {
  const db = forum(t);
  const r = await explain(db, 'SELECT t.title, p.body FROM topics t JOIN posts p ON p.topic_id = t.id WHERE t.id = ?', [3]);
  assert.equal(r.ok, true, r.reason);
  assert.equal(r.findings.length, 1, JSON.stringify(r.plan));
  assert.equal(r.findings[0]!.table, 'posts');
  assert.match(r.findings[0]!.detail, /^SCAN p$/);
  assert.equal(r.findings[0]!.hint?.sql, 'CREATE INDEX idx_posts_topic_id ON posts (topic_id)');
});

test('no finding where an index cannot help or the table is small', async (t) => {
  const db = forum(t);
  assert.deepEqual((await explain(db, 'SELECT count(*) FROM posts')).findings, [], 'nothing filters: a full count scans anyway');
  assert.deepEqual((await explain(db, 'SELECT * FROM posts WHERE id = ?', [1])).findings, [], 'primary key');
  assert.deepEqual((await explain(db, 'SELECT * FROM topics WHERE title = ?', ['t1'])).findings, [], '300 rows: under 10k, a scan is cheap');
  const small = await explain(db, 'SELECT * FROM topics WHERE title = ?', ['t1'], { minTableRows: 100 });
  assert.equal(small.findings[0]?.hint?.sql, 'CREATE INDEX idx_topics_title ON topics (title)');
  const lower = await explain(db, 'SELECT * FROM posts WHERE lower(body) = ?', ['x']);
  assert.equal(lower.findings[0]?.hint, undefined, 'an expression is not indexed by a plain column index');
  assert.match(lower.findings[0]!.hintNote!, /no column of the table is compared/);
  const unbound = await explain(db, 'SELECT * FROM posts WHERE author_id = :author AND created_at > ?');
  assert.equal(unbound.findings[0]?.hint?.sql, 'CREATE INDEX idx_posts_author_id_created_at ON posts (author_id, created_at)', 'no values given: placeholders bound to null');
});

test('writes, DDL and broken statements are never explained: a clear reason, no throw', async (t) => {
  const db = forum(t);
  for (const sql of ['DELETE FROM posts WHERE topic_id = 1', 'UPDATE posts SET body = ? WHERE id = 1', 'CREATE INDEX x ON posts (body)', 'INSERT INTO topics (title) VALUES (1)']) {
    const r = await explain(db, sql);
    assert.equal(r.ok, false);
    assert.match(r.reason!, /only read statements .* never writes or DDL/);
  }
  assert.equal((db.prepare('SELECT count(*) AS n FROM posts').get() as { n: number }).n, 12_000);
  const broken = await explain(db, 'SELECT * FROM nowhere');
  assert.deepEqual([broken.ok, broken.reason], [false, 'SQLite cannot plan the statement: no such table: nowhere']);
  await assert.rejects(explain({} as never, 'SELECT 1'), (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && e.details.field === 'target');
  await assert.rejects(explain(db, ''), (e: unknown) => isLoadlineError(e) && e.details.field === 'sql');
  await assert.rejects(explain(db, 'SELECT 1', undefined, { minRows: 1 } as never), (e: unknown) => isLoadlineError(e) && e.details.field === 'minRows');
});

test('an instrumented database: explains record nothing, and slow reads are explained automatically off the request path', async (t) => {
  const db = forum(t);
  const monitor = createQueryMonitor({ log: false, slowMs: 0, autoExplain: { intervalMs: 60_000 } });
  instrumentSqlite(db, { monitor });
  const q = db.prepare('SELECT * FROM posts WHERE author_id = ? LIMIT 5');
  q.all(3);
  q.all(4);
  db.prepare('UPDATE posts SET body = ? WHERE id = ?').run('y', 1);
  assert.deepEqual(monitor.snapshot().explains, [], 'nothing ran in the caller\'s turn');
  await monitor.explainsSettled();
  const { explains, statements } = monitor.snapshot();
  assert.equal(explains.length, 1, 'once per statement per interval, and never the UPDATE');
  assert.equal(explains[0]!.statementId, statements.find((s) => s.text === 'select * from posts where author_id = ? limit ?')!.id);
  assert.equal(explains[0]!.findings[0]!.hint!.sql, 'CREATE INDEX idx_posts_author_id ON posts (author_id)');
  assert.equal(statements.reduce((n, s) => n + s.calls, 0), 3, 'the explain\'s own statements are not recorded');
  await monitor.close();
});
