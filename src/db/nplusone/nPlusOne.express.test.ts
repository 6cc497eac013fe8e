import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { runWithRequestContext } from '../../core/requestContext.js';
import { createQueryMonitor, type QueryMonitor } from '../monitor/QueryMonitor.js';
import { instrumentPg } from '../pg/instrumentPg.js';
import { instrumentSqlite } from '../sqlite/instrumentSqlite.js';
import { lineOf, pgSchema } from '../db.test-kit.js';

/** What the monitor will do for Express: open a request context whose route is read once Express has routed. */
function requestContext(app: express.Express): void {
  app.use((req, _res, next) =>
    runWithRequestContext(
      {
        get route() {
          return req.route ? `${req.method} ${req.baseUrl}${req.route.path as string}` : undefined;
        },
      },
      next,
    ),
  );
}

async function listen(app: express.Express): Promise<{ base: string; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function getJson(url: string): Promise<any> {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  return res.json();
}

async function seedPg(pool: pg.Pool): Promise<void> {
  await pool.query('CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL)');
  await pool.query('CREATE TABLE posts (id serial PRIMARY KEY, topic_id int NOT NULL, author_id int NOT NULL REFERENCES authors (id), title text NOT NULL)');
  await pool.query("INSERT INTO authors SELECT g, 'author' || g FROM generate_series(1, 12) g");
  // Topic 1 has eight posts, topic 2 four.
  await pool.query("INSERT INTO posts (topic_id, author_id, title) SELECT CASE WHEN g <= 8 THEN 1 ELSE 2 END, g, 'post' || g FROM generate_series(1, 12) g");
}

function pgApp(pool: pg.Pool): express.Express {
  const app = express();
  requestContext(app);
  app.get('/api/topics/:id/posts', async (req, res) => {
    const { rows: posts } = await pool.query('SELECT id, author_id, title FROM posts WHERE topic_id = $1 ORDER BY id', [Number(req.params.id)]);
    for (const post of posts) {
      post.author = (await pool.query('SELECT name FROM authors WHERE id = $1', [post.author_id])).rows[0].name; // per-row query
    }
    res.json(posts);
  });
  app.get('/api/topics/:id/posts-joined', async (req, res) => {
    const { rows } = await pool.query('SELECT p.id, p.title, a.name AS author FROM posts p JOIN authors a ON a.id = p.author_id WHERE p.topic_id = $1 ORDER BY p.id', [Number(req.params.id)]);
    res.json(rows);
  });
  app.get('/api/authors', async (_req, res) => {
    // The same statement twice from two places is no loop.
    const a = await pool.query('SELECT name FROM authors WHERE id = $1', [1]);
    const b = await pool.query('SELECT name FROM authors WHERE id = $1', [2]);
    res.json([a.rows[0], b.rows[0]]);
  });
  return app;
}

function assertOneFinding(monitor: QueryMonitor, route: string, statement: string, line: number, count: number): void {
  const { nPlusOne } = monitor.snapshot();
  assert.equal(nPlusOne.length, 1, JSON.stringify(nPlusOne));
  const f = nPlusOne[0]!;
  assert.equal(f.route, route);
  assert.equal(f.statement, statement);
  assert.match(f.callSite, new RegExp(`nPlusOne\\.express\\.test\\.js:${line}:\\d+$`));
  assert.equal(f.lastCount, count);
  assert.equal(f.requests, 1);
  assert.ok(f.lastTotalMs > 0);
}

test('pg behind Express: a route that queries once per row is an N+1 with its route and line; the JOIN version is not', async (t) => {
  const { pool, drop } = await pgSchema('ll_db_nplus1', { max: 4 });
  t.after(drop);
  await seedPg(pool);
  const logged: string[] = [];
  const monitor = createQueryMonitor({ log: (line) => logged.push(line) });
  instrumentPg(pool, { monitor });
  const server = await listen(pgApp(pool));
  t.after(() => server.close());

  assert.equal((await getJson(`${server.base}/api/topics/1/posts-joined`)).length, 8);
  assert.equal((await getJson(`${server.base}/api/authors`)).length, 2);
  assert.equal((await getJson(`${server.base}/api/topics/2/posts`)).length, 4, 'four rows: below the default N of 5');
  assert.deepEqual(monitor.snapshot().nPlusOne, [], 'a JOIN, one statement from two lines, and a loop of 4 are no N+1');
  assert.deepEqual(logged, []);

  const posts = await getJson(`${server.base}/api/topics/1/posts`);
  assert.deepEqual(posts.map((p: { author: string }) => p.author), ['author1', 'author2', 'author3', 'author4', 'author5', 'author6', 'author7', 'author8']);
  assertOneFinding(monitor, 'GET /api/topics/:id/posts', 'select name from authors where id = $1', lineOf(import.meta.url, 'per-row query'), 8);
  assert.equal(logged.length, 1);
  const route = monitor.snapshot().routes.find((r) => r.route === 'GET /api/topics/:id/posts')!;
  assert.equal(route.queries, 14, 'both requests: 1 + 4 and 1 + 8');
  assert.deepEqual(route.statements.map((s) => [s.text, s.calls]).sort(), [['select id, author_id, title from posts where topic_id = $1 order by id', 2], ['select name from authors where id = $1', 12]]);
  assert.ok(route.statements[0]!.totalMs >= route.statements[1]!.totalMs, 'most time first');
  assert.ok(Math.abs(route.statements.reduce((n, s) => n + s.share, 0) - 1) < 1e-9);
});

test('better-sqlite3 behind Express: the per-row loop is found, logged once per route and statement per interval', async (t) => {
  const db = new Database(':memory:');
  t.after(() => db.close());
  db.exec('CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE posts (id INTEGER PRIMARY KEY, topic_id INT, author_id INT)');
  for (let i = 1; i <= 8; i++) db.prepare('INSERT INTO authors VALUES (?, ?)').run(i, `a${i}`), db.prepare('INSERT INTO posts (topic_id, author_id) VALUES (1, ?)').run(i);
  const logged: string[] = [];
  const monitor = createQueryMonitor({ log: (line) => logged.push(line) });
  instrumentSqlite(db, { monitor });
  const posts = db.prepare('SELECT * FROM posts WHERE topic_id = ?');
  const author = db.prepare('SELECT name FROM authors WHERE id = ?');
  const app = express();
  requestContext(app);
  app.get('/topics/:id', (req, res) => {
    const rows = posts.all(Number(req.params.id)) as Array<{ author_id: number }>;
    res.json(rows.map((p) => author.get(p.author_id))); // sqlite per-row query
  });
  const server = await listen(app);
  t.after(() => server.close());
  for (let i = 0; i < 3; i++) assert.equal((await getJson(`${server.base}/topics/1`)).length, 8);
  assertOneFinding2(monitor, lineOf(import.meta.url, 'sqlite per-row query'));
  assert.equal(logged.length, 1, 'three requests, one log line within the interval');
  assert.match(logged[0]!, /N\+1 in GET \/topics\/:id: 5 calls of "select name from authors where id = \?" from .*nPlusOne\.express\.test\.js:\d+/);
});

function assertOneFinding2(monitor: QueryMonitor, line: number): void {
  const [f, ...rest] = monitor.snapshot().nPlusOne;
  assert.equal(rest.length, 0);
  assert.equal(f!.route, 'GET /topics/:id');
  assert.match(f!.callSite, new RegExp(`:${line}:\\d+$`));
  assert.equal(f!.requests, 3);
  assert.equal(f!.lastCount, 8);
}
