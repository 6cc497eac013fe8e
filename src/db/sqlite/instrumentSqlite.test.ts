import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isLoadlineError } from '../../core/errors/errors.js';
import { createQueryMonitor } from '../monitor/QueryMonitor.js';
import { tempDir } from '../db.test-kit.js';
import { instrumentSqlite, type SqliteSnapshot } from './instrumentSqlite.js';

function fixture(name: string) {
  const tmp = tempDir('loadline-db-sqlite');
  const file = join(tmp.dir, `${name}.db`);
  const seed = new Database(file);
  seed.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER)');
  const insert = seed.prepare('INSERT INTO users (name, age) VALUES (?, ?)');
  for (let i = 1; i <= 20; i++) insert.run(`user${i}`, 20 + i);
  seed.close();
  return { file, remove: tmp.remove };
}

test('every statement form returns exactly what the bare driver returns, and is recorded by fingerprint', (t) => {
  const { file, remove } = fixture('forms');
  t.after(remove);
  const bare = new Database(file);
  const db = new Database(file);
  t.after(() => (bare.close(), db.close()));
  const monitor = createQueryMonitor({ log: false });
  assert.equal(instrumentSqlite(db, { monitor }), db, 'the same object, instrumented in place');

  const q = 'SELECT id, name FROM users WHERE age > ? ORDER BY id';
  assert.deepEqual(db.prepare(q).all(30), bare.prepare(q).all(30));
  assert.deepEqual(db.prepare('SELECT * FROM users WHERE id = ?').get(3), bare.prepare('SELECT * FROM users WHERE id = ?').get(3));
  assert.deepEqual(db.prepare('SELECT * FROM users WHERE id = :id').get({ id: 4 }), { id: 4, name: 'user4', age: 24 });
  assert.deepEqual(db.prepare('SELECT name FROM users WHERE id = ?').pluck().get(5), 'user5');
  assert.deepEqual(db.prepare('SELECT id FROM users WHERE id < ?').raw().all(3), [[1], [2]]);
  assert.deepEqual([...db.prepare('SELECT id FROM users WHERE id <= ?').iterate(3)], [{ id: 1 }, { id: 2 }, { id: 3 }]);
  const stmt = db.prepare('SELECT id FROM users WHERE id = ?');
  assert.equal(stmt.constructor, bare.prepare('SELECT 1').constructor, 'a real Statement');
  const info = db.prepare('UPDATE users SET age = age + 1 WHERE id <= ?').run(2);
  assert.equal(info.changes, 2);
  const tx = db.transaction((n: number) => {
    const ins = db.prepare('INSERT INTO users (name, age) VALUES (?, ?)');
    for (let i = 0; i < n; i++) ins.run(`tx${i}`, 1);
  });
  tx(3);
  assert.equal((db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n, 23);
  assert.equal(db.pragma('user_version', { simple: true }), 0);
  assert.equal(db.exec('CREATE INDEX users_age ON users (age)'), db, 'exec returns the database');
  // Breaking out of an iteration closes the iterator and still records the call.
  let read = 0;
  for (const _row of db.prepare('SELECT id FROM users').iterate()) if (++read === 2) break;

  const snap = monitor.snapshot();
  const byText = new Map(snap.statements.map((s) => [s.text, s]));
  assert.equal(byText.get('select id, name from users where age > ? order by id')?.calls, 1);
  assert.equal(byText.get('select id, name from users where age > ? order by id')?.rows, 10);
  assert.equal(byText.get('select * from users where id = ?')?.calls, 2, 'positional and named forms with the same shape');
  assert.equal(byText.get('insert into users(name, age) values (?, ?)')?.calls, 3, 'statements inside a transaction are recorded one by one');
  assert.equal(byText.get('insert into users(name, age) values (?, ?)')?.readOnly, false);
  assert.equal(byText.get('update users set age = age + ? where id <= ?')?.rows, 2, 'rows changed');
  assert.equal(byText.get('select id from users where id <= ?')?.rows, 3, 'rows iterated');
  assert.equal(byText.get('select id from users')?.rows, 2, 'an iteration broken off counts the rows read');
  assert.equal(byText.get('pragma user_version')?.calls, 1);
  assert.equal(byText.get('create index users_age on users(age)')?.calls, 1);
  assert.match(byText.get('select * from users where id = ?')!.callSite!, /instrumentSqlite\.test\.js:\d+:\d+$/, 'the calling line is the test, not loadline');
  for (const s of snap.statements) assert.ok(s.latencyMs.max >= s.latencyMs.p50 && s.totalMs >= 0);
});

test('a failing statement throws the driver\'s own error (class, code, message) and is counted by code', (t) => {
  const { file, remove } = fixture('errors');
  t.after(remove);
  const bare = new Database(file);
  const db = instrumentSqlite(new Database(file), { monitor: createQueryMonitor({ log: false }) });
  t.after(() => (bare.close(), db.close()));
  const failing = (d: Database.Database) => () => d.prepare('INSERT INTO users (name, age) VALUES (?, ?)').run('user1', 1);
  const expected = (() => {
    try {
      failing(bare)();
    } catch (e) {
      return e as Error & { code: string };
    }
    throw new Error('the bare driver did not fail');
  })();
  assert.throws(failing(db), (e: Error & { code: string }) => {
    assert.equal(e.constructor, expected.constructor);
    assert.equal(e.code, expected.code);
    assert.equal(e.message, expected.message);
    return true;
  });
  assert.throws(() => db.prepare('SELEC nonsense'), (e: Error & { code: string }) => e.code === 'SQLITE_ERROR', 'prepare errors pass through');
  assert.throws(() => db.exec('INSERT INTO nope VALUES (1)'), /no such table: nope/);
  const monitor = createQueryMonitor({ log: false });
  const db2 = instrumentSqlite(new Database(file), { monitor });
  t.after(() => db2.close());
  assert.throws(failing(db2));
  const s = monitor.snapshot().statements.find((x) => x.text.startsWith('insert'))!;
  assert.deepEqual([s.calls, s.errors, s.errorsByCode], [1, 1, { SQLITE_CONSTRAINT_UNIQUE: 1 }]);
});

test('SQLITE_BUSY is counted per database, and the settings advice follows seed 003\'s pragmas', (t) => {
  const { file, remove } = fixture('busy');
  t.after(remove);
  const holder = new Database(file);
  const monitor = createQueryMonitor({ log: false });
  const db = instrumentSqlite(new Database(file, { timeout: 0 }), { monitor, name: 'forum' });
  t.after(() => (holder.close(), db.close()));
  holder.exec('BEGIN IMMEDIATE');
  assert.throws(() => db.prepare('INSERT INTO users (name) VALUES (?)').run('x'), (e: Error & { code: string }) => e.code === 'SQLITE_BUSY');
  holder.exec('ROLLBACK');
  let snap = monitor.snapshot().sqlite[0] as SqliteSnapshot;
  assert.equal(snap.name, 'forum');
  assert.equal(snap.busyErrors, 1);
  // better-sqlite3 turns foreign keys on by default; the rest are SQLite's defaults.
  assert.deepEqual(snap.advice.map((a) => a.setting).sort(), ['busy_timeout', 'journal_mode']);
  assert.equal(snap.settings?.busyTimeoutMs, 0);
  const statementsBefore = monitor.snapshot().statements.reduce((n, s) => n + s.calls, 0);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = OFF');
  snap = monitor.snapshot().sqlite[0] as SqliteSnapshot;
  assert.deepEqual(snap.advice.map((a) => a.setting), ['synchronous', 'foreign_keys'], 'WAL with FULL sync: NORMAL is enough');
  assert.equal(snap.advice[0]!.pragma, 'PRAGMA synchronous = NORMAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  assert.deepEqual((monitor.snapshot().sqlite[0] as SqliteSnapshot).advice, []);
  assert.equal(monitor.snapshot().statements.reduce((n, s) => n + s.calls, 0), statementsBefore + 5, 'reading the settings records nothing');
});

test('bad input is rejected with a coded error naming the field, the value and what was expected', () => {
  const expectCoded = (fn: () => unknown, field: string, pattern: RegExp) =>
    assert.throws(fn, (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && e.details.field === field && pattern.test(e.message));
  expectCoded(() => instrumentSqlite({ prepare() {} }), 'database', /database: got "an instance of Object", expected a better-sqlite3 Database/);
  expectCoded(() => instrumentSqlite(null), 'database', /got null/);
  const db = new Database(':memory:');
  try {
    expectCoded(() => instrumentSqlite(db, { slowMs: 5 } as never), 'slowMs', /no such option; known options are monitor, name/);
    expectCoded(() => instrumentSqlite(db, { monitor: {} as never }), 'monitor', /expected a QueryMonitor/);
    expectCoded(() => instrumentSqlite(db, { name: '' }), 'name', /expected a non-empty string/);
    expectCoded(() => createQueryMonitor({ slowMs: -1 }), 'slowMs', /slowMs: got -1, expected a finite number at least 0/);
    expectCoded(() => createQueryMonitor({ nPlusOneThreshold: 1 }), 'nPlusOneThreshold', /at least 2/);
    expectCoded(() => createQueryMonitor({ callSites: 'sometimes' as never }), 'callSites', /one of "auto", "always"/);
    expectCoded(() => createQueryMonitor({ autoExplain: { every: 1 } as never }), 'autoExplain.every', /no such option/);
  } finally {
    db.close();
  }
});

test('instrumenting twice records each call once', () => {
  const monitor = createQueryMonitor({ log: false });
  const db = instrumentSqlite(instrumentSqlite(new Database(':memory:'), { monitor }), { monitor });
  try {
    db.prepare('SELECT 1').get();
    assert.equal(monitor.snapshot().statements[0]!.calls, 1);
    assert.equal(monitor.snapshot().sqlite.length, 1);
  } finally {
    db.close();
  }
});
