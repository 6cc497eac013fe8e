import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queriesOverRun, type QueriesSnapshotJson } from './queriesOverRun.js';

const latency = { p50: 1, p95: 4, p99: 9, max: 12 };

function snapshot(takenAt: number, parts: Partial<QueriesSnapshotJson>): QueriesSnapshotJson {
  return { format: 'loadline.db.queries', takenAt, slowMs: 100, statements: [], routes: [], nPlusOne: [], slow: [], slowTotal: 0, ...parts };
}

const before = snapshot(1000, {
  statements: [
    { id: 'a', driver: 'pg', text: 'select a', calls: 10, rows: 10, errors: 1, totalMs: 50, latencyMs: latency },
    { id: 'b', driver: 'pg', text: 'select b', calls: 4, rows: 4, errors: 0, totalMs: 400, latencyMs: latency },
  ],
  routes: [{ route: 'GET /x', queries: 14, totalMs: 450, statements: [{ id: 'a', text: 'select a', calls: 10, totalMs: 50 }, { id: 'b', text: 'select b', calls: 4, totalMs: 400 }] }],
  nPlusOne: [{ route: 'GET /x', statementId: 'a', statement: 'select a', callSite: 'app.js:3:1', requests: 2, maxCount: 5, lastSeenAt: 900 }],
  slow: [{ at: 900, durationMs: 120, driver: 'pg', statementId: 'b', statement: 'select b', paramCount: 0 }],
  slowTotal: 1,
});

test('a run: counts and time are the differences between the snapshots; percentiles, N+1 and slow entries of the run only', () => {
  const after = snapshot(5000, {
    statements: [
      { id: 'a', driver: 'pg', text: 'select a', calls: 110, rows: 110, errors: 1, totalMs: 550, latencyMs: latency, callSite: 'app.js:3:1' },
      { id: 'b', driver: 'pg', text: 'select b', calls: 4, rows: 4, errors: 0, totalMs: 400, latencyMs: latency },
      { id: 'c', driver: 'pg', text: 'select c', calls: 3, rows: 0, errors: 3, totalMs: 30 },
    ],
    routes: [{ route: 'GET /x', queries: 117, totalMs: 980, statements: [{ id: 'a', text: 'select a', calls: 110, totalMs: 550 }, { id: 'b', text: 'select b', calls: 4, totalMs: 400 }, { id: 'c', text: 'select c', calls: 3, totalMs: 30 }] }],
    nPlusOne: [
      { route: 'GET /x', statementId: 'a', statement: 'select a', callSite: 'app.js:3:1', requests: 12, maxCount: 9, lastSeenAt: 4000 },
      { route: 'GET /y', statementId: 'a', statement: 'select a', callSite: 'app.js:9:1', requests: 3, maxCount: 5, lastSeenAt: 800 },
    ],
    slow: [
      { at: 4500, durationMs: 150, driver: 'pg', statementId: 'a', statement: 'select a', paramCount: 1, params: ['secret'] } as never,
      { at: 900, durationMs: 120, driver: 'pg', statementId: 'b', statement: 'select b', paramCount: 0 },
    ],
    slowTotal: 2,
  });
  const table = queriesOverRun(before, after, 'http://127.0.0.1:3000');
  assert.equal(table.window, 'run');
  assert.deepEqual(table.statements, [
    { id: 'a', driver: 'pg', text: 'select a', calls: 100, rows: 100, errors: 0, totalMs: 500, meanMs: 5, latencyMs: latency, callSite: 'app.js:3:1' },
    { id: 'c', driver: 'pg', text: 'select c', calls: 3, rows: 0, errors: 3, totalMs: 30, meanMs: 10 },
  ], 'b ran before the run only');
  assert.deepEqual(table.routes, [{ route: 'GET /x', queries: 103, totalMs: 530, statements: [{ id: 'a', text: 'select a', calls: 100, totalMs: 500, share: 500 / 530 }, { id: 'c', text: 'select c', calls: 3, totalMs: 30, share: 30 / 530 }] }]);
  assert.deepEqual(table.nPlusOne, [{ route: 'GET /x', statementId: 'a', statement: 'select a', callSite: 'app.js:3:1', requests: 10, maxCount: 9 }]);
  assert.deepEqual(table.slow, [{ at: 4500, durationMs: 150, driver: 'pg', statementId: 'a', statement: 'select a', paramCount: 1 }]);
  assert.equal(table.slowTotal, 1);
});

test('a service restarted during the run counts from zero; without a first snapshot the table covers the service life', () => {
  const after = snapshot(5000, { statements: [{ id: 'a', driver: 'pg', text: 'select a', calls: 3, rows: 3, errors: 0, totalMs: 6 }], routes: [{ route: 'GET /x', queries: 3, totalMs: 6, statements: [{ id: 'a', text: 'select a', calls: 3, totalMs: 6 }] }], slowTotal: 0 });
  const restarted = queriesOverRun(before, after, 'http://h');
  assert.deepEqual(restarted.statements.map((s) => [s.id, s.calls, s.totalMs]), [['a', 3, 6]]);
  assert.deepEqual(restarted.routes.map((r) => [r.route, r.queries, r.totalMs, r.statements[0]!.calls]), [['GET /x', 3, 6, 3]]);
  assert.equal(restarted.slowTotal, 0);
  const whole = queriesOverRun(undefined, before, 'http://h');
  assert.equal(whole.window, 'process');
  assert.deepEqual(whole.statements.map((s) => [s.id, s.calls]), [['b', 4], ['a', 10]]);
  assert.equal(whole.nPlusOne.length, 1);
  assert.equal(whole.slow.length, 1);
});
