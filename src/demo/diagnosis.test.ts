import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { QueryMonitorSnapshot } from '../db/index.js';
import { diagnose } from './diagnosis.js';
import { formatDiagnosis } from './formatDiagnosis.js';
import type { PerformanceStats } from './ServiceInstruments.js';

const lat = (mean: number) => ({ mean, p50: mean, p95: mean, p99: mean, max: mean });
const latency = (mean: number) => ({ count: 1, min: mean, mean, stdev: 0, p50: mean, p90: mean, p95: mean, p99: mean, p999: mean, max: mean });

function snapshot(over: Partial<QueryMonitorSnapshot>): QueryMonitorSnapshot {
  return { format: 'loadline.db.queries', takenAt: 0, slowMs: 10, nPlusOneThreshold: 5, statementCount: 0, maxStatements: 500, routeStatementCount: 0, maxRouteStatements: 2000, statements: [], routes: [], nPlusOne: [], slow: [], slowTotal: 0, pools: [], sqlite: [], explains: [], ...over };
}

function stats(routes: Array<{ method: string; route: string; requests: number; mean: number }>): PerformanceStats {
  return { routes: routes.map((r) => ({ ...r, errors: 0, errorRate: 0, latency: latency(r.mean) })) } as unknown as PerformanceStats;
}

const SCAN_SQL = 'select id from posts where topic_id = ? order by created_at limit ?';

test('diagnose: N+1 findings with route and line, scans with their verified hint, time per route without the instruments\' own', () => {
  const queries = snapshot({
    statements: [
      { id: 'a', driver: 'sqlite', text: SCAN_SQL, readOnly: true, calls: 40, rows: 800, errors: 0, errorsByCode: {}, totalMs: 1200, latencyMs: { mean: 30, p50: 29, p95: 40, p99: 45, max: 50 }, callSite: '/x/SqliteStore.js:83:40', routes: [{ route: 'GET /api/forums/:id/posts', calls: 40, totalMs: 1200, latencyMs: lat(30) }] },
      { id: 'b', driver: 'sqlite', text: 'select count(*) from wiki where page_id = ?', readOnly: true, calls: 10, rows: 10, errors: 0, errorsByCode: {}, totalMs: 120, latencyMs: { mean: 12, p50: 12, p95: 12, p99: 12, max: 12 }, routes: [] },
    ],
    routes: [{ route: 'GET /api/forums/:id/posts', queries: 900, totalMs: 1300, statements: [{ id: 'a', text: SCAN_SQL, calls: 40, totalMs: 1200, share: 0.92, latencyMs: lat(30) }] }],
    nPlusOne: [
      { route: 'GET /api/forums/topics', statementId: 'u', statement: 'select id, name from users where id = ?', callSite: '/x/SqliteStore.js:56:30', requests: 3, lastCount: 40, lastTotalMs: 1, maxCount: 40, firstSeenAt: 0, lastSeenAt: 0 },
      { route: 'GET /api/forums/:id/posts', statementId: 'u', statement: 'select id, name from users where id = ?', callSite: '/x/SqliteStore.js:56:30', requests: 40, lastCount: 20, lastTotalMs: 1, maxCount: 105, firstSeenAt: 0, lastSeenAt: 0 },
    ],
    explains: [
      { ok: true, driver: 'sqlite', statementId: 'a', at: 2, findings: [{ kind: 'full-scan', table: 'posts', detail: 'SCAN posts', hint: { sql: 'CREATE INDEX i ON posts (topic_id, created_at)', table: 'posts', columns: ['topic_id', 'created_at'], verifiedBy: 'schema-copy' } }, { kind: 'sort', table: 'posts', detail: 'USE TEMP B-TREE FOR ORDER BY' }] },
      { ok: true, driver: 'sqlite', statementId: 'a', at: 1, findings: [] },
      { ok: true, driver: 'sqlite', statementId: 'b', at: 1, findings: [] },
    ],
    slowTotal: 7,
  });
  const d = diagnose(queries, stats([
    { method: 'GET', route: '/api/forums/:id/posts', requests: 40, mean: 35 },
    { method: 'GET', route: '/api/forums/topics', requests: 100, mean: 2 },
    { method: 'GET', route: '/api/performance/queries', requests: 1, mean: 5000 },
  ]));
  assert.deepEqual(d.nPlusOne.map((n) => [n.route, n.perRequest]), [['GET /api/forums/:id/posts', 105], ['GET /api/forums/topics', 40]]);
  assert.equal(d.scans.length, 1, 'a statement whose plan is fine is not a scan');
  assert.deepEqual({ ...d.scans[0] }, { statement: SCAN_SQL, route: 'GET /api/forums/:id/posts', callSite: '/x/SqliteStore.js:83:40', table: 'posts', detail: 'SCAN posts, USE TEMP B-TREE FOR ORDER BY', hint: 'CREATE INDEX i ON posts (topic_id, created_at)', calls: 40, meanMs: 30, totalMs: 1200 });
  assert.equal(d.routes[0]!.route, 'GET /api/forums/:id/posts', "the instruments' own endpoint is not the application's time");
  assert.equal(d.routes[0]!.share.toFixed(3), (1400 / 1600).toFixed(3));
  assert.deepEqual(d.routes[0]!.topStatement, { statement: SCAN_SQL, share: 0.92 });
  assert.equal(d.routes[0]!.queryShare!.toFixed(3), (1300 / 1400).toFixed(3));
  assert.equal(d.routes[1]!.queryShare, undefined, 'a route the query monitor never saw');
  assert.equal(d.slowQueries, 7);

  const text = formatDiagnosis(d);
  assert.match(text, /N\+1 +GET \/api\/forums\/:id\/posts runs "select id, name from users where id = \?" up to 105 times a request/);
  assert.match(text, /index hint \(checked with the planner\): CREATE INDEX i ON posts \(topic_id, created_at\)/);
  assert.match(text, /GET \/api\/forums\/:id\/posts spends 88 % of the request time \(40 requests, mean 35\.0 ms\)\n +its statements take 93 % of its time, 92 % of that in "select id from posts/);
});

test('diagnose: a clean service says so instead of leaving the lines out', () => {
  const login = { route: 'POST /api/auth/login', queries: 10, totalMs: 2, statements: [{ id: 'e', text: 'select id from users where email = ?', calls: 10, totalMs: 2, share: 1, latencyMs: lat(0.2) }] };
  const d = diagnose(snapshot({ routes: [login] }), stats([{ method: 'POST', route: '/api/auth/login', requests: 10, mean: 45 }]), { logins: 20, loginMeanMs: 45, eventLoopP99Ms: 1.2, eventLoopMaxMs: 3, eventLoopUtilization: 0.05, intervals: 1 });
  const text = formatDiagnosis(d);
  assert.match(text, /N\+1 +none found by the query monitor/);
  assert.match(text, /scan +no full table scan/);
  assert.match(text, /POST \/api\/auth\/login spends 100 % of the request time \(10 requests, mean 45\.0 ms\)\n +its statements take 0 % of its time: the rest is the route's own code/);
  assert.match(text, /logins +event-loop delay p99 1\.20 ms \(max 3\.00 ms, loop 5 % busy\) while 20 logins ran one at a time, 45\.0 ms each/);
});
