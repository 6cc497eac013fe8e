import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { isLoadlineError } from '../../core/errors/errors.js';
import { runWithRequestContext, type RequestContext } from '../../core/requestContext.js';
import { instrumentSqlite } from '../sqlite/instrumentSqlite.js';
import { createQueryMonitor, UNROUTED } from './QueryMonitor.js';

function busyDb(monitor: ReturnType<typeof createQueryMonitor>) {
  const db = instrumentSqlite(new Database(':memory:'), { monitor });
  // A SQL function that takes as long as asked: latencies set by the test, no big table needed.
  db.function('busy_ms', (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
    return ms;
  });
  return db;
}

test('two routes running the same statement get their own HDR latency, in the statement\'s routes and in the route\'s statements', () => {
  const monitor = createQueryMonitor({ log: false, slowMs: 10_000 });
  const db = busyDb(monitor);
  try {
    const q = db.prepare('SELECT busy_ms(?) AS t');
    for (let i = 0; i < 15; i++) {
      runWithRequestContext({ route: 'GET /fast' }, () => q.get(2));
      runWithRequestContext({ route: 'GET /slow' }, () => q.get(12));
    }
    q.get(0); // outside a request: the statement's own latency only
    const snap = monitor.snapshot();
    const [st] = snap.statements;
    assert.equal(st!.calls, 31);
    const byRoute = new Map(st!.routes.map((r) => [r.route, r]));
    const fast = byRoute.get('GET /fast')!;
    const slow = byRoute.get('GET /slow')!;
    assert.deepEqual([fast.calls, slow.calls, byRoute.size], [15, 15, 2]);
    assert.ok(fast.latencyMs.p50 >= 2 && fast.latencyMs.p50 < 12, `fast p50 ${fast.latencyMs.p50}`);
    assert.ok(slow.latencyMs.p50 >= 12, `slow p50 ${slow.latencyMs.p50}`);
    assert.ok(fast.latencyMs.p50 < slow.latencyMs.p50);
    for (const r of [fast, slow]) {
      const l = r.latencyMs;
      assert.ok(l.p50 <= l.p95 && l.p95 <= l.p99 && l.p99 <= l.max, JSON.stringify(l));
      assert.ok(Math.abs(l.mean - r.totalMs / r.calls) < 0.05, 'the mean is the pair\'s own');
    }
    assert.ok(st!.latencyMs.max >= slow.latencyMs.max && st!.latencyMs.p50 < slow.latencyMs.p50, 'the statement\'s histogram mixes both');
    const routes = new Map(snap.routes.map((r) => [r.route, r]));
    assert.deepEqual(routes.get('GET /slow')!.statements[0]!.latencyMs, slow.latencyMs);
    assert.deepEqual(routes.get('GET /fast')!.statements[0]!.latencyMs, fast.latencyMs);
    assert.equal(snap.routeStatementCount, 2);
    assert.equal(snap.maxRouteStatements, 500);
  } finally {
    db.close();
  }
});

test('a route that changes within a request (known only once routed) is read at each query', () => {
  const monitor = createQueryMonitor({ log: false });
  const db = busyDb(monitor);
  try {
    const q = db.prepare('SELECT busy_ms(0) AS t');
    const ctx: RequestContext = {};
    runWithRequestContext(ctx, () => {
      q.get();
      ctx.route = 'GET /a';
      q.get();
      q.get();
      ctx.route = 'GET /b';
      q.get();
    });
    runWithRequestContext({ route: 'GET /a' }, () => q.get());
    const routes = Object.fromEntries(monitor.snapshot().statements[0]!.routes.map((r) => [r.route, r.calls]));
    assert.deepEqual(routes, { [UNROUTED]: 1, 'GET /a': 3, 'GET /b': 1 });
    const totals = Object.fromEntries(monitor.snapshot().routes.map((r) => [r.route, r.queries]));
    assert.deepEqual(totals, { [UNROUTED]: 1, 'GET /a': 3, 'GET /b': 1 });
  } finally {
    db.close();
  }
});

test('route-statement pairs are capped: past maxRouteStatements a statement\'s new routes share its __overflow__ entry, and the routes keep their totals', () => {
  const monitor = createQueryMonitor({ log: false, maxRouteStatements: 3, maxRoutes: 5 });
  const db = busyDb(monitor);
  try {
    const a = db.prepare('SELECT busy_ms(0) AS a');
    const b = db.prepare('SELECT busy_ms(0) AS b');
    for (let r = 0; r < 3; r++) runWithRequestContext({ route: `GET /r${r}` }, () => a.get());
    for (let r = 0; r < 3; r++) runWithRequestContext({ route: `GET /r${r}` }, () => (b.get(), b.get()));
    // Routes past maxRoutes fold into the route __overflow__; its pair is outside the count as well.
    for (let r = 3; r < 8; r++) runWithRequestContext({ route: `GET /r${r}` }, () => a.get());
    const snap = monitor.snapshot();
    assert.equal(snap.routeStatementCount, 3, 'the cap holds');
    assert.equal(snap.maxRouteStatements, 3);
    const stmt = (text: string) => snap.statements.find((s) => s.text === text)!;
    assert.deepEqual(stmt('select busy_ms(?) as b').routes.map((r) => [r.route, r.calls, r.latencyMs.max >= 0]), [['__overflow__', 6, true]]);
    const aRoutes = Object.fromEntries(stmt('select busy_ms(?) as a').routes.map((r) => [r.route, r.calls]));
    assert.deepEqual(aRoutes, { 'GET /r0': 1, 'GET /r1': 1, 'GET /r2': 1, '__overflow__': 5 }, 'r3 and r4 are routes of their own, past the pair cap; r5..r7 are the route __overflow__');
    assert.deepEqual(snap.routes.map((r) => r.route).sort(), ['GET /r0', 'GET /r1', 'GET /r2', 'GET /r3', 'GET /r4', '__overflow__']);
    assert.deepEqual(snap.routes.find((r) => r.route === 'GET /r3')!.statements, [], 'its only pair overflowed');
    const r0 = snap.routes.find((r) => r.route === 'GET /r0')!;
    assert.equal(r0.queries, 3, 'the route still counts the calls whose pair overflowed');
    assert.deepEqual(r0.statements.map((s) => s.text), ['select busy_ms(?) as a']);
  } finally {
    db.close();
  }
});

test('the snapshot\'s per-route rows have the documented shape; maxRouteStatements is validated', () => {
  const monitor = createQueryMonitor({ log: false });
  const db = busyDb(monitor);
  try {
    runWithRequestContext({ route: 'GET /x' }, () => db.prepare('SELECT busy_ms(0)').get());
    const snap = monitor.snapshot();
    const latencyKeys = ['mean', 'p50', 'p95', 'p99', 'max'];
    const [pair] = snap.statements[0]!.routes;
    assert.deepEqual(Object.keys(pair!), ['route', 'calls', 'totalMs', 'latencyMs']);
    assert.deepEqual(Object.keys(pair!.latencyMs), latencyKeys);
    const [row] = snap.routes[0]!.statements;
    assert.deepEqual(Object.keys(row!), ['id', 'text', 'calls', 'totalMs', 'share', 'latencyMs']);
    assert.deepEqual(Object.keys(row!.latencyMs), latencyKeys);
  } finally {
    db.close();
  }
  assert.throws(
    () => createQueryMonitor({ maxRouteStatements: -1 }),
    (e: unknown) => isLoadlineError(e) && /maxRouteStatements/.test((e as Error).message) && /-1/.test((e as Error).message),
  );
});
