import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Database from 'better-sqlite3';
import { isLoadlineError } from '../../core/errors/errors.js';
import { createQueryMonitor } from '../monitor/QueryMonitor.js';
import { instrumentPg } from '../pg/instrumentPg.js';
import { instrumentSqlite } from '../sqlite/instrumentSqlite.js';
import { lineOf, pgSchema } from '../db.test-kit.js';
import { expectQueries, isQueryBudgetError, QUERY_BUDGET_CODE } from './expectQueries.js';

test('a route over its query budget fails with a coded error listing the statements and their calling lines', async (t) => {
  const { pool, drop } = await pgSchema('ll_db_budget', { max: 2 });
  t.after(drop);
  await pool.query('CREATE TABLE tags (id int PRIMARY KEY, name text)');
  await pool.query("INSERT INTO tags SELECT g, 'tag' || g FROM generate_series(1, 3) g");
  instrumentPg(pool, { monitor: createQueryMonitor({ log: false }) });
  const app = express();
  app.get('/tags', async (_req, res) => {
    const ids = (await pool.query('SELECT id FROM tags ORDER BY id')).rows.map((r) => r.id as number);
    const names: string[] = [];
    for (const id of ids) names.push((await pool.query('SELECT name FROM tags WHERE id = $1', [id])).rows[0].name); // budget loop
    res.json(names);
  });
  app.get('/tags-once', async (_req, res) => res.json((await pool.query('SELECT name FROM tags ORDER BY id')).rows.map((r) => r.name)));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const ok = await expectQueries(async () => assert.equal((await fetch(`${base}/tags-once`)).status, 200), { max: 1, noNPlusOne: true });
  assert.equal(ok.total, 1);

  const line = lineOf(import.meta.url, 'budget loop');
  await assert.rejects(
    expectQueries(() => fetch(`${base}/tags`).then((r) => r.json()), { max: 3, noNPlusOne: true }),
    (e: unknown) => {
      assert.ok(isQueryBudgetError(e) && isLoadlineError(e, QUERY_BUDGET_CODE));
      assert.match(e.message, /ran 4 statements, more than the budget of 3/);
      assert.match(e.message, /1 statement in a loop \(N\+1: 2 or more calls from one call stack\)/);
      assert.match(e.message, new RegExp(`3x select name from tags where id = \\$1\\n\\s+at .*expectQueries\\.test\\.js:${line}:\\d+ \\(3x\\)`));
      assert.match(e.message, /1x select id from tags order by id/);
      assert.equal(e.report.total, 4);
      assert.deepEqual(e.report.nPlusOne.map((s) => [s.statement, s.calls]), [['select name from tags where id = $1', 3]]);
      return true;
    },
  );
  // Within the count but a loop: only the N+1 is listed.
  await assert.rejects(expectQueries(() => fetch(`${base}/tags`).then((r) => r.json()), { noNPlusOne: true }), /^(?!.*more than the budget).*in a loop/s);
  const counted = await expectQueries(() => fetch(`${base}/tags`).then((r) => r.json()), { max: 4 });
  assert.equal(counted.total, 4, 'a loop is allowed when only the count is pinned');
});

test('the same statement from two different lines is no N+1; the threshold can be raised', async () => {
  const db = instrumentSqlite(new Database(':memory:'), { monitor: createQueryMonitor({ log: false }) });
  try {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    const get = db.prepare('SELECT * FROM t WHERE id = ?');
    const twoPlaces = await expectQueries(
      () => {
        get.get(1);
        get.get(2);
      },
      { noNPlusOne: true },
    );
    assert.deepEqual(twoPlaces.nPlusOne, []);
    await assert.rejects(expectQueries(() => [1, 2].forEach((id) => get.get(id)), { noNPlusOne: true }), isQueryBudgetError);
    const raised = await expectQueries(() => [1, 2].forEach((id) => get.get(id)), { noNPlusOne: true, nPlusOneThreshold: 3 });
    assert.equal(raised.total, 2);
  } finally {
    db.close();
  }
});

test('bad budget options are rejected naming the field', async () => {
  const coded = (field: string) => (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && e.details.field === field;
  await assert.rejects(expectQueries(() => {}, { max: -1 }), coded('max'));
  await assert.rejects(expectQueries(() => {}, { max: 1.5 }), coded('max'));
  await assert.rejects(expectQueries(() => {}, { noNPlusOne: 'yes' as never }), coded('noNPlusOne'));
  await assert.rejects(expectQueries(() => {}, { maxQueries: 3 } as never), coded('maxQueries'));
  await assert.rejects(expectQueries('fn' as never), coded('fn'));
});
