import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import express from 'express';
import Fastify from 'fastify';
import { currentRequestContext, isLoadlineError } from '../../core/index.js';
import { createQueryMonitor, instrumentSqlite } from '../../db/index.js';
import { lineOf } from '../../db/db.test-kit.js';
import { monitoredPgExpress } from './monitoredPg.test-kit.js';
import { listenOnLoopback } from '../../testing/loopbackServer.js';
import { createMonitor } from '../createMonitor.js';
import { monitorExpress } from '../http/monitorExpress.js';
import { monitorFastify } from '../http/monitorFastify.js';
import { monitorHttp } from '../http/monitorHttp.js';
import { serveDashboard } from '../serve/serveDashboard.js';
import { serveMonitor } from '../serve/serveMonitor.js';

const TOKEN = 'monitor-queries-test-token';
const auth = { authorization: `Bearer ${TOKEN}` };

async function listen(server: ReturnType<typeof createServer>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('Express + pg: the monitor opens the request context, so an N+1 route shows in /api/performance/queries with its route template and calling line; the JOIN route does not; token-protected; /metrics with the db series passes promtool', async (t) => {
  const { pool, app } = await monitoredPgExpress(t, { schemaPrefix: 'll_mon_queries', posts: 8, token: TOKEN });
  const forums = express.Router();
  forums.get('/:id/posts', async (req, res) => {
    const { rows } = await pool.query('SELECT id, author_id, title FROM posts WHERE forum_id = $1 ORDER BY id', [Number(req.params.id)]);
    for (const post of rows) post.author = (await pool.query('SELECT name FROM authors WHERE id = $1', [post.author_id])).rows[0].name; // per-row query
    res.json(rows);
  });
  forums.get('/:id/posts-joined', async (req, res) => {
    const { rows } = await pool.query('SELECT p.id, p.title, a.name AS author FROM posts p JOIN authors a ON a.id = p.author_id WHERE p.forum_id = $1 ORDER BY p.id', [Number(req.params.id)]);
    res.json(rows);
  });
  app.use('/api/forums', forums);
  const served = await listenOnLoopback(app);
  t.after(served.close);
  const base = served.url;

  assert.equal(((await (await fetch(`${base}/api/forums/1/posts-joined`)).json()) as unknown[]).length, 8);
  assert.equal(((await (await fetch(`${base}/api/forums/1/posts`)).json()) as unknown[]).length, 8);

  const refused = await fetch(`${base}/api/performance/queries`);
  assert.equal(refused.status, 401, 'token-protected like the other JSON endpoints');
  await refused.arrayBuffer();
  const answer = await fetch(`${base}/api/performance/queries`, { headers: auth });
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get('cache-control'), 'no-store');
  const body = (await answer.json()) as any;
  assert.equal(body.format, 'loadline.db.queries');
  assert.equal(body.nPlusOne.length, 1, JSON.stringify(body.nPlusOne));
  const finding = body.nPlusOne[0];
  assert.equal(finding.route, 'GET /api/forums/:id/posts', 'the matched template under its router, with the method');
  assert.equal(finding.statement, 'select name from authors where id = $1');
  assert.match(finding.callSite, new RegExp(`MonitorQueries\\.test\\.js:${lineOf(import.meta.url, 'per-row query')}:\\d+$`));
  assert.equal(finding.lastCount, 8);
  const routes = new Map(body.routes.map((r: any) => [r.route, r]));
  assert.deepEqual([...routes.keys()].sort(), ['GET /api/forums/:id/posts', 'GET /api/forums/:id/posts-joined']);
  const posts = routes.get('GET /api/forums/:id/posts') as any;
  assert.equal(posts.queries, 9);
  assert.ok(Math.abs(posts.statements.reduce((n: number, s: any) => n + s.share, 0) - 1) < 1e-9, 'shares of the route add up to 1');
  assert.equal(body.statements.length, 3);
  assert.ok(body.statements[0].totalMs >= body.statements[2].totalMs, 'most total time first');
  assert.equal((await (await fetch(`${base}/api/performance/queries?top=1`, { headers: auth })).json() as any).statements.length, 1);

  const metrics = await (await fetch(`${base}/metrics`, { headers: auth })).text();
  assert.match(metrics, /loadline_db_queries_total\{driver="pg",statement="[0-9a-f]{16}"\} 8/);
  assert.match(metrics, /loadline_db_n_plus_one_total\{route="GET \/api\/forums\/:id\/posts"\} 1/);
  const promtool = spawnSync('promtool', ['check', 'metrics'], { input: metrics, encoding: 'utf8' });
  assert.equal(promtool.status, 0, promtool.stdout + promtool.stderr);
});

test('node:http + better-sqlite3: the route function names the route at query time; parameter values and plans are never served, even when the query monitor keeps them', async (t) => {
  const db = new Database(':memory:');
  t.after(() => db.close());
  db.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO users VALUES (1, 'alice@example.com')");
  const queries = createQueryMonitor({ log: false, slowMs: 0, captureParams: true });
  instrumentSqlite(db, { monitor: queries });
  const byEmail = db.prepare('SELECT id FROM users WHERE email = ?');
  const monitor = createMonitor({ queries, runtime: false });
  t.after(() => monitor.stop());
  let seen: string | undefined;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    seen = currentRequestContext()?.route;
    res.end(JSON.stringify(byEmail.get('alice@example.com')));
  };
  const server = createServer(monitorHttp(monitor, handler, { route: (req) => (req.url?.startsWith('/users/') ? '/users/:email' : '/other') }));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const base = await listen(server);
  assert.equal(await (await fetch(`${base}/users/alice@example.com`)).text(), '{"id":1}');
  assert.equal(seen, 'GET /users/:email');

  const kept = queries.snapshot().slow[0]!;
  assert.deepEqual(kept.params, ['alice@example.com'], 'the query monitor kept the value (captureParams)');
  const text = await (await fetch(`${base}/api/performance/queries`)).text();
  assert.doesNotMatch(text, /alice@example\.com/, 'the value never leaves the process');
  const body = JSON.parse(text);
  assert.equal(body.slow[0].route, 'GET /users/:email');
  assert.equal(body.slow[0].paramCount, 1);
  assert.equal('params' in body.slow[0], false);
  assert.deepEqual(body.routes.map((r: any) => r.route), ['GET /users/:email']);
});

test('Fastify + better-sqlite3: the request context carries the route template, so the per-row loop is an N+1 of that route', async (t) => {
  const db = new Database(':memory:');
  t.after(() => db.close());
  db.exec('CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE posts (id INTEGER PRIMARY KEY, topic_id INT, author_id INT)');
  for (let i = 1; i <= 6; i++) db.prepare('INSERT INTO authors VALUES (?, ?)').run(i, `a${i}`), db.prepare('INSERT INTO posts (topic_id, author_id) VALUES (1, ?)').run(i);
  const queries = createQueryMonitor({ log: false });
  instrumentSqlite(db, { monitor: queries });
  const posts = db.prepare('SELECT * FROM posts WHERE topic_id = ?');
  const author = db.prepare('SELECT name FROM authors WHERE id = ?');
  const monitor = createMonitor({ queries, runtime: false });
  t.after(() => monitor.stop());
  const app = Fastify();
  t.after(() => app.close());
  await app.register(monitorFastify(monitor));
  app.post('/topics/:id', async (req) => {
    await new Promise((resolve) => setImmediate(resolve));
    const rows = posts.all(Number((req.params as { id: string }).id)) as Array<{ author_id: number }>;
    return rows.map((p) => author.get(p.author_id)); // fastify per-row query
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const res = await fetch(`${base}/topics/1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ page: 1 }) });
  assert.equal(((await res.json()) as unknown[]).length, 6, 'a POST with a parsed body keeps its context');
  const body = (await (await fetch(`${base}/api/performance/queries`)).json()) as any;
  assert.equal(body.nPlusOne.length, 1);
  assert.equal(body.nPlusOne[0].route, 'POST /topics/:id');
  assert.match(body.nPlusOne[0].callSite, new RegExp(`:${lineOf(import.meta.url, 'fastify per-row query')}:\\d+$`));
});

test('without a query monitor no request context is opened (AsyncLocalStorage costs every request) and /api/performance/queries answers 404', async (t) => {
  const monitor = createMonitor({ runtime: false });
  t.after(() => monitor.stop());
  const contexts: unknown[] = [];
  const app = express();
  app.use(monitorExpress(monitor));
  app.get('/x', (_req, res) => {
    contexts.push(currentRequestContext());
    res.end('ok');
  });
  const server = createServer(app);
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const base = await listen(server);
  assert.equal(await (await fetch(`${base}/x`)).text(), 'ok');
  assert.deepEqual(contexts, [undefined]);
  const missing = await fetch(`${base}/api/performance/queries`);
  assert.equal(missing.status, 404);
  assert.match(((await missing.json()) as { error: string }).error, /createMonitor\(\{ queries/);
});

test('a queries option that is not a query monitor is a coded error naming the field', () => {
  assert.throws(
    () => createMonitor({ queries: { snapshot: 1 } as never, runtime: false }),
    (err: unknown) => isLoadlineError(err, 'LOADLINE_INVALID_OPTION') && /^queries: got .*expected a query monitor from loadline\/db/.test((err as Error).message),
  );
});

test('loadline dashboard --target forwards the Queries panel poll and the JSON endpoint with the token; the browser never holds it', async (t) => {
  const queries = createQueryMonitor({ log: false });
  const db = new Database(':memory:');
  t.after(() => db.close());
  instrumentSqlite(db, { monitor: queries });
  db.prepare('SELECT 1').get();
  const monitor = createMonitor({ queries, token: TOKEN, runtime: false });
  t.after(() => monitor.stop());
  const target = await serveMonitor(monitor);
  t.after(() => target.close());
  const proxy = await serveDashboard({ target: target.url, token: TOKEN });
  t.after(() => proxy.close());
  for (const path of ['/loadline/queries', '/api/performance/queries']) {
    const res = await fetch(`${proxy.url}${path}`);
    assert.equal(res.status, 200, path);
    const body = (await res.json()) as any;
    assert.equal(body.format, 'loadline.db.queries', path);
    assert.equal(body.statements[0].text, 'select ?');
  }
  const direct = await fetch(`${target.url}/loadline/queries`);
  assert.equal(direct.status, 401, 'the panel poll needs the session cookie or the token');
  await direct.arrayBuffer();
});
