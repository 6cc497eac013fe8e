import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSql } from './normalizeSql.js';
import { FingerprintCache, OVERFLOW_STATEMENT_ID } from './FingerprintCache.js';
import { tokenize } from './SqlLexer.js';

const pg = (sql: string) => normalizeSql(sql, 'pg');
const lite = (sql: string) => normalizeSql(sql, 'sqlite');

test('literal variants of one PostgreSQL statement share one fingerprint and one text', () => {
  const variants = [
    "SELECT * FROM posts WHERE topic_id = 7 AND title = 'hello' ORDER BY created_at DESC LIMIT 20",
    "select *   from posts\n where topic_id=12 and title='it''s'  order by created_at desc limit 50;",
    "SELECT * FROM posts /* from the list page */ WHERE topic_id = -3 AND title = E'a\\'b' -- trailing\nORDER BY created_at DESC LIMIT 1",
    'SELECT * FROM posts WHERE topic_id = 1.5e3 AND title = $$dollar \'quoted\'$$ ORDER BY created_at DESC LIMIT 10',
    'SELECT * FROM posts WHERE topic_id = 0x1F AND title = $body$x$body$ ORDER BY created_at DESC LIMIT 10',
  ];
  const all = variants.map(pg);
  assert.equal(new Set(all.map((n) => n.id)).size, 1, all.map((n) => n.text).join('\n'));
  assert.equal(all[0]!.text, 'select * from posts where topic_id = $1 and title = $2 order by created_at desc limit $3');
  assert.equal(all[0]!.readOnly, true);
});

test('IN lists and ARRAY literals of any length collapse; parameters are renumbered around them', () => {
  const a = pg('SELECT * FROM t WHERE id IN (1) AND kind = $2');
  const b = pg('SELECT * FROM t WHERE id IN (1, 2, 3, 4, 5) AND kind = $2');
  const c = pg('SELECT * FROM t WHERE id IN ($1, $2, $3) AND kind = $4');
  const d = pg("SELECT * FROM t WHERE id IN ('a'::text, 'b'::text) AND kind = 'x'");
  assert.equal(a.text, 'select * from t where id in ($1 /*, ... */) and kind = $2');
  assert.deepEqual([b.id, c.id, d.id], [a.id, a.id, a.id]);
  assert.equal(pg('SELECT ARRAY[1,2,3]').text, pg('select array[7]').text);
  assert.notEqual(pg('SELECT * FROM t WHERE id IN (SELECT x FROM u WHERE y = 1)').text, a.text, 'a subquery is not a list of constants');
  assert.equal(pg('SELECT * FROM t WHERE id IN (SELECT x FROM u WHERE y = 1)').text, 'select * from t where id in (select x from u where y = $1)');
});

test('multi-row VALUES of any row count share a fingerprint', () => {
  const two = lite("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')");
  const five = lite("insert into t (a, b) values (1,'x'),(2,'y'),(3,'z'),(4,'w'),(5,'v')");
  assert.equal(two.id, five.id);
  assert.equal(two.text, 'insert into t(a, b) values (?, ?) /*, ... */');
  assert.equal(two.readOnly, false);
});

test('casts, operators and identifiers are kept; quoted identifiers keep their case; keywords are lower-cased', () => {
  assert.equal(pg('SELECT "User"."Id", count(*) FROM "User" WHERE created > now() - interval \'1 day\' AND x::int = $1::int').text, 'select "User"."Id", count(*) from "User" where created > now() - interval $1 and x::int = $2::int');
  assert.equal(pg("SELECT data->>'name' FROM docs WHERE data @> '{}'").text, 'select data ->> $1 from docs where data @> $2');
  assert.equal(pg('SELECT a - 1, b-2 FROM t').text, 'select a - $1, b - $2 from t', 'a binary minus is not part of the number');
  assert.equal(pg("SELECT U&'d\\0061t' , B'101', X'1F', n'x'").text, 'select $1, $2, $3, $4');
  assert.equal(pg('SELECT 1 /* outer /* nested */ still comment */ , 2').text, 'select $1, $2');
});

test('SQLite placeholders (?, ?NNN, :name, @name, $name), blobs and bracket identifiers', () => {
  const n = lite("SELECT * FROM [order] WHERE `a`=:id AND b=@b AND c=$c AND d=?3 AND e=x'ff' AND f=? AND g=\"col\"");
  assert.equal(n.text, 'select * from [order] where `a` = ? and b = ? and c = ? and d = ? and e = ? and f = ? and g = "col"');
  assert.deepEqual(tokenize("x'ff'", 'sqlite').map((t) => t.kind), ['string']);
});

test('the same text gives the same id in every process (a pinned value)', () => {
  assert.equal(pg('select 1').id, pg('SELECT 42').id);
  assert.equal(pg('select * from t where id = $1').id, '89fe62c3b2c7ccba');
  assert.notEqual(lite('select * from t where id = ?').id, pg('select * from t where id = $1').id, 'dialects never share ids');
});

test('read-only classification: data-modifying CTEs and SELECT INTO are writes, FOR UPDATE is a read', () => {
  assert.equal(pg('WITH x AS (SELECT 1) SELECT * FROM x').readOnly, true);
  assert.equal(pg('WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d').readOnly, false);
  assert.equal(pg('SELECT * INTO t2 FROM t').readOnly, false);
  assert.equal(pg('SELECT * FROM t WHERE id = 1 FOR UPDATE').readOnly, true);
  assert.equal(pg('SELECT "update" FROM t').readOnly, true);
  assert.equal(pg('UPDATE t SET a = 1').readOnly, false);
  assert.equal(pg('CREATE INDEX ON t (a)').readOnly, false);
});

test('unterminated strings and comments never throw: they run to the end as the server would read them', () => {
  assert.equal(pg("select 'abc").text, 'select $1');
  assert.equal(pg('select 1 /* open').text, 'select $1');
  assert.equal(pg('select $tag$ open').text, 'select $1');
  assert.equal(pg('').text, '');
});

test('a million literal variants of one shape keep one fingerprint and a bounded text cache', () => {
  let created = 0;
  const cache = new FingerprintCache({ maxFingerprints: 10, maxTexts: 1000, create: (_d, n) => (created++, n) });
  for (let i = 0; i < 100_000; i++) cache.get('pg', `SELECT * FROM users WHERE id = ${i} AND name = 'user${i}'`);
  assert.equal(cache.size, 1);
  assert.equal(created, 1);
  // The cap: new shapes past it share one overflow entry.
  for (let i = 0; i < 20; i++) cache.get('pg', `SELECT c${i} FROM t`);
  assert.equal(cache.size, 10);
  const overflow = cache.get('pg', 'SELECT c19 FROM t');
  assert.equal(overflow.id, OVERFLOW_STATEMENT_ID);
  assert.equal(cache.get('pg', 'SELECT c42 FROM t'), overflow);
});
