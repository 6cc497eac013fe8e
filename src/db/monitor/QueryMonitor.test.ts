import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import pg from 'pg';
import { FakeClock } from '../../core/clock.js';
import { runWithRequestContext } from '../../core/requestContext.js';
import { checkExposition, MetricRegistry } from '../../monitor/index.js';
import { instrumentPg } from '../pg/instrumentPg.js';
import { instrumentSqlite } from '../sqlite/instrumentSqlite.js';
import { DATABASE_URL, pgSchema } from '../db.test-kit.js';
import { createQueryMonitor, defaultQueryMonitor, setDefaultQueryMonitor, UNROUTED } from './QueryMonitor.js';

function slowFunctionDb(monitor: ReturnType<typeof createQueryMonitor>) {
  const db = instrumentSqlite(new Database(':memory:'), { monitor });
  // A SQL function that takes as long as asked, so "slow" needs no big table.
  db.function('sleep_ms', (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
    return ms;
  });
  db.exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT, password TEXT); INSERT INTO accounts VALUES (1, 'ann@example.com', 'hunter2')");
  return db;
}

test('the slow log keeps statements over the threshold with route and calling line; values are redacted unless asked for', () => {
  const monitor = createQueryMonitor({ slowMs: 20, log: false });
  const db = slowFunctionDb(monitor);
  try {
    const q = db.prepare("SELECT sleep_ms(?) AS t, email FROM accounts WHERE password = 'hunter2' AND email = ?");
    q.get(1, 'ann@example.com');
    runWithRequestContext({ route: 'POST /login' }, () => q.get(25, 'ann@example.com'));
    const { slow, slowTotal } = monitor.snapshot();
    assert.equal(slowTotal, 1);
    const [entry] = slow;
    assert.equal(entry!.route, 'POST /login');
    assert.ok(entry!.durationMs >= 20);
    assert.equal(entry!.statement, 'select sleep_ms(?) as t, email from accounts where password = ? and email = ?');
    assert.match(entry!.callSite!, /QueryMonitor\.test\.js:\d+:\d+$/);
    assert.equal(entry!.callSiteFrom, 'call');
    assert.equal(entry!.paramCount, 2);
    assert.equal(entry!.params, undefined);
    const everything = JSON.stringify(monitor.snapshot());
    for (const secret of ['hunter2', 'ann@example.com']) assert.ok(!everything.includes(secret), `${secret} never stored`);
  } finally {
    db.close();
  }
  const open = createQueryMonitor({ slowMs: 20, log: false, captureParams: true });
  const db2 = slowFunctionDb(open);
  try {
    db2.prepare('SELECT sleep_ms(?), ?').get(25, 'x'.repeat(300));
    const [entry] = open.snapshot().slow;
    assert.equal(entry!.params![0], 25);
    assert.equal((entry!.params![1] as string).length, 203, 'long values are cut');
  } finally {
    db2.close();
  }
});

test('the slow log is a bounded ring, newest first', () => {
  const monitor = createQueryMonitor({ slowMs: 0, slowLogSize: 3, log: false });
  const db = instrumentSqlite(new Database(':memory:'), { monitor });
  try {
    for (let i = 0; i < 5; i++) db.prepare(`SELECT ${i} AS v${i}`).get();
    const { slow, slowTotal } = monitor.snapshot();
    assert.equal(slowTotal, 5);
    assert.deepEqual(slow.map((s) => s.statement), ['select ? as v4', 'select ? as v3', 'select ? as v2']);
  } finally {
    db.close();
  }
});

test('pg: a statement\'s first slow call names its last known line; later calls of it are traced from their start', async (t) => {
  const { schema, drop } = await pgSchema('ll_db_slowpg');
  t.after(drop);
  const monitor = createQueryMonitor({ slowMs: 30, log: false });
  const pool = instrumentPg(new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` }), { monitor });
  t.after(() => pool.end());
  const q = 'SELECT pg_sleep($1)';
  await pool.query(q, [0]);
  await pool.query(q, [0.001]);
  await pool.query(q, [0.04]); // untraced slow call
  await pool.query(q, [0.04]); // traced slow call
  const [traced, untraced] = monitor.snapshot().slow;
  assert.equal(untraced!.callSiteFrom, 'statement');
  assert.equal(traced!.callSiteFrom, 'call');
  const line = (s: string) => Number(/:(\d+):\d+$/.exec(s)![1]);
  assert.equal(line(traced!.callSite!) - line(untraced!.callSite!) > 0, true, 'the traced call names its own line');
});

test('statements past the cap share the overflow entry; routes past the cap fold into __overflow__', () => {
  const monitor = createQueryMonitor({ maxStatements: 3, maxRoutes: 2, log: false });
  const db = instrumentSqlite(new Database(':memory:'), { monitor });
  try {
    for (let i = 0; i < 6; i++) runWithRequestContext({ route: `GET /r${i}` }, () => db.prepare(`SELECT ${i} AS c${i}`).get());
    db.prepare('SELECT 1').get();
    const snap = monitor.snapshot();
    assert.equal(snap.statementCount, 3);
    const overflow = snap.statements.find((s) => s.id === '__overflow__')!;
    assert.equal(overflow.calls, 4, 'c3, c4, c5 and "select ?"');
    assert.deepEqual(snap.routes.map((r) => r.route).sort(), ['GET /r0', 'GET /r1', '__overflow__']);
    assert.ok(!snap.routes.some((r) => r.route === UNROUTED), 'queries outside a request have no route');
    runWithRequestContext({}, () => db.prepare('SELECT 1').get());
    assert.ok(monitor.snapshot().routes.some((r) => r.route === UNROUTED), 'a request not routed yet');
  } finally {
    db.close();
  }
});

test('N+1 log lines come once per route and statement per interval (fake clock)', () => {
  const clock = new FakeClock();
  const logged: string[] = [];
  const monitor = createQueryMonitor({ clock, nPlusOneThreshold: 3, nPlusOneLogIntervalMs: 60_000, log: (l) => logged.push(l) });
  const db = instrumentSqlite(new Database(':memory:'), { monitor });
  try {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    const get = db.prepare('SELECT * FROM t WHERE id = ?');
    const request = () => runWithRequestContext({ route: 'GET /t' }, () => [1, 2, 3, 4].forEach((id) => get.get(id)));
    request();
    request();
    clock.advance(59_999);
    request();
    assert.equal(logged.length, 1);
    clock.advance(1);
    request();
    assert.equal(logged.length, 2);
    const [f] = monitor.snapshot().nPlusOne;
    assert.deepEqual([f!.requests, f!.lastCount, f!.maxCount], [4, 4, 4]);
    assert.equal(f!.firstSeenAt, Date.UTC(2026, 0, 1));
    assert.equal(f!.lastSeenAt, Date.UTC(2026, 0, 1) + 60_000);
  } finally {
    db.close();
  }
});

test('metrics through a real metrics sink: bounded labels, counters current at scrape, promtool-clean', async (t) => {
  const { schema, drop } = await pgSchema('ll_db_metrics');
  t.after(drop);
  const monitor = createQueryMonitor({ maxStatementLabels: 2, nPlusOneThreshold: 2, log: false, slowMs: 0 });
  const registry = new MetricRegistry();
  monitor.reportTo(registry);
  const db = instrumentSqlite(new Database(':memory:'), { monitor, name: 'forum' });
  const pool = instrumentPg(new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}`, max: 1 }), { monitor, name: 'main' });
  t.after(() => (db.close(), pool.end()));
  for (let i = 0; i < 4; i++) db.prepare(`SELECT ${i} AS c${i}`).get();
  runWithRequestContext({ route: 'GET /x' }, () => [1, 2].forEach(() => db.prepare('SELECT 1 AS c0').get()));
  await Promise.all([pool.query('SELECT 1'), pool.query('SELECT 2')]);
  await pool.query('SELECT * FROM nope').catch(() => {});
  const text = registry.render();
  assert.deepEqual(checkExposition(text), []);
  const promtool = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(promtool.status, 0, promtool.stdout + promtool.stderr);
  const sample = (re: RegExp) => Number(re.exec(text)?.[1]);
  const statementLabels = new Set([...text.matchAll(/loadline_db_queries_total\{driver="\w+",statement="([^"]+)"\}/g)].map((m) => m[1]));
  assert.equal(statementLabels.size, 3, 'two statements with their own label, the rest under __overflow__');
  assert.ok(statementLabels.has('__overflow__'));
  assert.equal(sample(/loadline_db_query_errors_total\{driver="pg",code="42P01"\} (\d+)/), 1);
  assert.equal(sample(/loadline_db_n_plus_one_total\{route="GET \/x"\} (\d+)/), 1);
  // The failed query's connection was dropped: total and idle back to 0.
  assert.deepEqual([...text.matchAll(/loadline_db_pool_connections\{pool="main",state="(\w+)"\} (\d+)/g)].map((m) => `${m[1]}=${m[2]}`), ['total=0', 'idle=0', 'waiting=0']);
  assert.equal(sample(/loadline_db_pool_wait_seconds_count\{pool="main"\} (\d+)/), 3);
  const total = [...text.matchAll(/loadline_db_queries_total\{[^}]*\} (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
  assert.equal(total, 9);
  db.prepare('SELECT 1 AS c0').get();
  const again = registry.render();
  assert.equal([...again.matchAll(/loadline_db_queries_total\{[^}]*\} (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0), 10, 'deltas, never counted twice');
});

test('one default monitor per process; instrumenting without a monitor reports to it', () => {
  const before = defaultQueryMonitor();
  assert.equal(defaultQueryMonitor(), before);
  const mine = createQueryMonitor({ log: false });
  setDefaultQueryMonitor(mine);
  try {
    const db = instrumentSqlite(new Database(':memory:'));
    db.prepare('SELECT 1').get();
    db.close();
    assert.equal(mine.snapshot().statements[0]!.calls, 1);
  } finally {
    setDefaultQueryMonitor(before);
  }
});

test('the db pillar grows no WebAssembly memory in the host process: V8\'s ArrayBufferDetaching protector stays intact', () => {
  // Fingerprinting is loadline's own lexer and latencies go to SparseHistogram, so a service
  // instrumented with loadline/db keeps node's fast typed-array paths (see docs/db.md).
  const script = `
    const { default: Database } = await import('better-sqlite3');
    const db = await import(${JSON.stringify(new URL('../index.js', import.meta.url).href)});
    const monitor = db.createQueryMonitor({ log: false, slowMs: 0 });
    const sqlite = db.instrumentSqlite(new Database(':memory:'), { monitor });
    sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const ins = sqlite.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < 5000; i++) ins.run('v' + i);
    const get = sqlite.prepare('SELECT * FROM t WHERE id = ?');
    for (let i = 0; i < 50000; i++) db.runWithRequestContext({ route: 'GET /' + (i % 50) }, () => get.get(i % 5000));
    for (let i = 0; i < 2000; i++) sqlite.prepare("SELECT * FROM t WHERE v = 'x" + i + "' AND id IN (" + i + ", 2, 3)").all();
    const snap = monitor.snapshot();
    await db.explain(sqlite, 'SELECT * FROM t WHERE v = ?', ['x'], { minTableRows: 0 });
    console.log('statements', snap.statementCount, 'routes', snap.routes.length);`;
  const child = spawnSync(process.execPath, ['--trace-protector-invalidation', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000, cwd: new URL('../../../', import.meta.url).pathname });
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /statements 4 routes 50/);
  assert.doesNotMatch(child.stdout, /ArrayBufferDetaching/);
});
