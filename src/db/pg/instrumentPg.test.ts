import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import pg from 'pg';
import { isLoadlineError } from '../../core/errors/errors.js';
import { createQueryMonitor } from '../monitor/QueryMonitor.js';
import { DATABASE_URL, pgSchema } from '../db.test-kit.js';
import { instrumentPg } from './instrumentPg.js';
import type { PoolSnapshot } from './PoolStats.js';

test('every query form returns what the bare pool returns, and is recorded once by fingerprint', async (t) => {
  const { pool: bare, schema, drop } = await pgSchema('ll_db_forms');
  t.after(drop);
  await bare.query('CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL, price int)');
  await bare.query("INSERT INTO items (name, price) SELECT 'item' || g, g FROM generate_series(1, 10) g");
  const monitor = createQueryMonitor({ log: false });
  const pool = new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}`, max: 3 });
  t.after(() => pool.end());
  assert.equal(instrumentPg(pool, { monitor, name: 'main' }), pool, 'the same object, instrumented in place');

  const text = 'SELECT id, name FROM items WHERE price > $1 ORDER BY id';
  const expected = (await bare.query(text, [7])).rows;
  assert.deepEqual((await pool.query(text, [7])).rows, expected);
  assert.deepEqual((await pool.query({ text, values: [7] })).rows, expected, 'a config object');
  assert.deepEqual((await pool.query({ text, values: [7], name: 'items_over' })).rows, expected, 'a named prepared statement');
  assert.deepEqual((await pool.query({ text, values: [7], rowMode: 'array' })).rows, (await bare.query({ text, values: [7], rowMode: 'array' })).rows);
  const viaCallback = await new Promise<unknown[]>((resolve, reject) => pool.query(text, [7], (err, res) => (err ? reject(err) : resolve(res.rows))));
  assert.deepEqual(viaCallback, expected, 'the callback form');
  const noValues = await new Promise<number>((resolve, reject) => pool.query('SELECT count(*)::int AS n FROM items', (err, res) => (err ? reject(err) : resolve(res.rows[0].n))));
  assert.equal(noValues, 10);

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const r = await client.query('UPDATE items SET price = price + 1 WHERE id <= $1', [3]);
    assert.equal(r.rowCount, 3);
    await new Promise<void>((resolve, reject) => client.query({ text: 'SELECT 1 AS one', callback: (err: Error | null) => (err ? reject(err) : resolve()) } as never));
    await client.query('ROLLBACK');
  } finally {
    client.release();
  }
  const standalone = instrumentPg(new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` }), { monitor });
  await standalone.connect();
  try {
    assert.deepEqual((await standalone.query(text, [7])).rows, expected);
    const multi = await standalone.query('SELECT 1; SELECT 2 UNION SELECT 3');
    assert.equal((multi as unknown as unknown[]).length, 2, 'a multi-statement text gives its array of results');
  } finally {
    await standalone.end();
  }

  const snap = monitor.snapshot();
  const byText = new Map(snap.statements.map((s) => [s.text, s]));
  const select = byText.get('select id, name from items where price > $1 order by id')!;
  assert.equal(select.calls, 6, 'text, config, named, rowMode, callback and standalone client: one statement, never twice per pool query');
  assert.equal(select.rows, 18);
  assert.match(select.callSite!, /instrumentPg\.test\.js:\d+:\d+$/);
  assert.equal(byText.get('update items set price = price + $1 where id <= $2')?.rows, 3);
  assert.equal(byText.get('begin')?.calls, 1);
  assert.equal(byText.get('rollback')?.calls, 1);
  assert.equal(byText.get('select $1 as one')?.calls, 1, 'a callback in the config object');
  assert.equal(byText.get('select $1; select $2 union select $3')?.rows, 3);
  const poolSnap = snap.pools[0] as PoolSnapshot;
  assert.equal(poolSnap.name, 'main');
  assert.equal(poolSnap.acquired, 7, 'six pool.query calls and one pool.connect');
  assert.equal(poolSnap.max, 3);
});

test('a failing query rejects with the driver\'s own error (class, code, message), in both forms, and is counted', async (t) => {
  const { pool: bare, schema, drop } = await pgSchema('ll_db_errors');
  t.after(drop);
  const monitor = createQueryMonitor({ log: false });
  const pool = instrumentPg(new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` }), { monitor });
  t.after(() => pool.end());
  const expected = await bare.query('SELECT * FROM missing_table').then(() => assert.fail('no error'), (e: Error & { code: string }) => e);
  await assert.rejects(pool.query('SELECT * FROM missing_table'), (e: Error & { code: string }) => {
    assert.equal(e.constructor, expected.constructor);
    assert.equal(e.code, '42P01');
    assert.equal(e.message, expected.message);
    return true;
  });
  const viaCallback = await new Promise<Error & { code: string }>((resolve) => pool.query('SELECT * FROM missing_table', (err) => resolve(err as Error & { code: string })));
  assert.equal(viaCallback.constructor, expected.constructor);
  assert.equal(viaCallback.message, expected.message);
  const bareNull = await (bare.query(null as never) as Promise<unknown>).then(() => assert.fail('no error'), (e: Error) => e);
  const ownNull = await (pool.query(null as never) as Promise<unknown>).then(() => assert.fail('no error'), (e: Error) => e);
  assert.deepEqual([ownNull.constructor, ownNull.message], [bareNull.constructor, bareNull.message], 'pg\'s own argument errors pass through');
  const s = monitor.snapshot().statements.find((x) => x.text === 'select * from missing_table')!;
  assert.deepEqual([s.calls, s.errors, s.errorsByCode], [2, 2, { '42P01': 2 }]);
});

test('pool waiting is seen under contention: queued callers, waiting gauge and wait-time HDR', async (t) => {
  const { schema, drop } = await pgSchema('ll_db_pool');
  t.after(drop);
  const monitor = createQueryMonitor({ log: false });
  const pool = instrumentPg(new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}`, max: 2 }), { monitor, name: 'small' });
  t.after(() => pool.end());
  const running = Array.from({ length: 6 }, (_, i) => pool.query('SELECT pg_sleep(0.05), $1::int AS i', [i]));
  const during = monitor.snapshot().pools[0] as PoolSnapshot;
  assert.equal(during.waiting, 4, 'four callers queued behind two connections');
  await Promise.all(running);
  const after = monitor.snapshot().pools[0] as PoolSnapshot;
  assert.equal(after.waiting, 0);
  assert.equal(after.queued, 4);
  assert.equal(after.maxWaiting, 4);
  assert.equal(after.waitMs.count, 6);
  assert.ok(after.waitMs.max >= 90, `the last pair waited for two rounds of 50 ms: ${after.waitMs.max} ms`);
  const s = monitor.snapshot().statements[0]!;
  assert.ok(s.latencyMs.max < after.waitMs.max, 'the statement\'s own time excludes the wait for a connection');
});

test('PostgreSQL going away: queries fail as they would without loadline, the monitor keeps answering', async (t) => {
  // A port that accepts and closes connections at once, as a database going down does.
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const url = `postgres://postgres@127.0.0.1:${(server.address() as { port: number }).port}/test`;
  const monitor = createQueryMonitor({ log: false });
  const bare = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 2000 });
  const pool = instrumentPg(new pg.Pool({ connectionString: url, connectionTimeoutMillis: 2000 }), { monitor });
  t.after(() => Promise.all([bare.end(), pool.end()]));
  const expected = await bare.query('SELECT 1').then(() => assert.fail('no error'), (e: Error) => e);
  await assert.rejects(pool.query('SELECT 1'), (e: Error) => e.constructor === expected.constructor && e.message === expected.message);
  const client = await pool.connect().then(() => assert.fail('no error'), (e: Error) => e);
  assert.equal(client.message, expected.message);
  const snap = monitor.snapshot();
  assert.equal((snap.pools[0] as PoolSnapshot).errors, 2);
});

test('bad input is rejected with a coded error naming the field, the value and what was expected', () => {
  const expectCoded = (fn: () => unknown, field: string, pattern: RegExp) =>
    assert.throws(fn, (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && e.details.field === field && pattern.test(e.message));
  expectCoded(() => instrumentPg({ query() {} }), 'poolOrClient', /poolOrClient: got "an instance of Object", expected a pg Pool or Client/);
  expectCoded(() => instrumentPg('postgres://x'), 'poolOrClient', /got "postgres:\/\/x"/);
  const pool = new pg.Pool({ connectionString: DATABASE_URL });
  try {
    expectCoded(() => instrumentPg(pool, { max: 3 } as never), 'max', /no such option/);
    expectCoded(() => instrumentPg(pool, { name: 7 } as never), 'name', /expected a non-empty string/);
  } finally {
    void pool.end();
  }
});
