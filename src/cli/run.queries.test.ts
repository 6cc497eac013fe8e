import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseResult } from '../core/index.js';
import { monitoredPgExpress } from '../monitor/queries/monitoredPg.test-kit.js';
import { listenOnLoopback } from '../testing/loopbackServer.js';
import { spawnCli } from './cliProcess.test-kit.js';

const TOKEN = 'run-queries-token-0123';

test("run --monitor stores the target's query table over the run (the start snapshot subtracted) and the HTML report shows its top statements, the route's share and the N+1", async (t) => {
  const { pool, app } = await monitoredPgExpress(t, { schemaPrefix: 'll_run_queries', posts: 6, token: TOKEN });
  app.get('/api/forums/:id/posts', async (req, res) => {
    const { rows } = await pool.query('SELECT id, author_id FROM posts WHERE forum_id = $1 ORDER BY id', [Number(req.params.id)]);
    for (const post of rows) post.author = (await pool.query('SELECT name FROM authors WHERE id = $1', [post.author_id])).rows[0].name;
    res.json(rows);
  });
  const served = await listenOnLoopback(app);
  t.after(served.close);
  const base = served.url;
  // Requests before the run: the table must not count them.
  for (let i = 0; i < 3; i++) await (await fetch(`${base}/api/forums/1/posts`)).text();
  const dir = mkdtempSync(join(tmpdir(), 'loadline-run-queries-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  const ran = await spawnCli(['run', `${base}/api/forums/1/posts`, '--vus', '2', '--duration', '1500ms', '--quiet', '--out', join(dir, 'r.json'), '--html', join(dir, 'r.html'), '--monitor', base, '--monitor-token', TOKEN]);
  assert.equal(ran.code, 0, ran.stderr);
  const result = parseResult(readFileSync(join(dir, 'r.json'), 'utf8'), 'r.json');
  const requests = result.summary.total.requests;
  assert.ok(requests > 3, `requests: ${requests}`);
  const q = result.queries!;
  assert.equal(q.source, base);
  assert.equal(q.window, 'run');
  const byText = new Map(q.statements.map((s) => [s.text, s]));
  const posts = byText.get('select id, author_id from posts where forum_id = $1 order by id')!;
  const authors = byText.get('select name from authors where id = $1')!;
  // One posts query per request the server ran during the run: the client's, and at most one in flight per VU when it stopped.
  assert.ok(posts.calls >= requests && posts.calls <= requests + 2, `posts calls ${posts.calls} for ${requests} requests (3 before the run not counted)`);
  assert.equal(authors.calls, 6 * posts.calls);
  assert.ok(authors.meanMs > 0 && authors.latencyMs!.p99 >= authors.latencyMs!.p50);
  const route = q.routes.find((r) => r.route === 'GET /api/forums/:id/posts')!;
  assert.equal(route.queries, 7 * posts.calls);
  assert.ok(Math.abs(route.statements.reduce((n, s) => n + s.share, 0) - 1) < 1e-6);
  assert.equal(q.nPlusOne.length, 1);
  assert.deepEqual([q.nPlusOne[0]!.route, q.nPlusOne[0]!.statement, q.nPlusOne[0]!.requests], ['GET /api/forums/:id/posts', 'select name from authors where id = $1', posts.calls]);
  assert.match(q.nPlusOne[0]!.callSite, /run\.queries\.test\.js:\d+:\d+$/);

  const html = readFileSync(join(dir, 'r.html'), 'utf8');
  assert.match(html, /<section id="queries"><h2>Top statements \(server\)<\/h2>/);
  assert.match(html, /<table data-testid="top-statements">[\s\S]*<code>select name from authors where id = \$1<\/code><\/td><td class="num">\d+<\/td><td class="num">6\.\d\d<\/td>/, 'the statement with its calls and calls per request');
  assert.match(html, /data-testid="n-plus-one"[\s\S]*GET \/api\/forums\/:id\/posts/);
  assert.match(html, new RegExp(`Client side: ${requests} requests, p95 `));
});
