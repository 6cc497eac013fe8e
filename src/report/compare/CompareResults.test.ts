import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../../core/index.js';
import { syntheticResult } from '../SyntheticResult.js';
import { compareResults } from './CompareResults.js';

const endpoints = [{ name: 'GET /users' }, { name: 'POST /orders', latencyScale: 2, weight: 0.5 }];

test('ten same-server pairs all pass and ten pairs against a 30 % slower server all fail (bootstrap, one run per side)', () => {
  for (let i = 0; i < 10; i++) {
    const base = syntheticResult({ seed: 100 + i, endpoints, model: 'closed' });
    const same = syntheticResult({ seed: 200 + i, endpoints, model: 'closed' });
    const slow = syntheticResult({ seed: 300 + i, endpoints, model: 'closed', slowdown: 1.3 });
    const ok = compareResults([base], [same]);
    assert.notEqual(ok.verdict, 'fail', `pair ${i}: ${ok.rows.filter((r) => r.level === 'fail').map((r) => `${r.scope} ${r.metric} ${r.reason}`).join('; ')}`);
    const bad = compareResults([base], [slow]);
    assert.equal(bad.verdict, 'fail', `pair ${i}`);
    assert.equal(bad.rows.find((r) => r.scope === 'total' && r.metric === 'p95')!.level, 'fail', `pair ${i} total p95`);
    // endpoints carry fewer samples, so their wider intervals may only warn
    for (const scope of ['GET /users', 'POST /orders']) {
      assert.notEqual(bad.rows.find((r) => r.scope === scope && r.metric === 'p95')!.level, 'pass', `pair ${i} ${scope} p95`);
    }
    // closed model: the slower server also serves fewer requests per second
    assert.equal(bad.rows.find((r) => r.scope === 'total' && r.metric === 'rps')!.level, 'fail');
  }
});

test('independent repeats: three runs per side, same server passes and 30 % slower fails', () => {
  const runs = (from: number, slowdown = 1) => [0, 1, 2].map((k) => syntheticResult({ seed: from + k, endpoints, slowdown, durationS: 10 }));
  const base = runs(10);
  const same = compareResults(base, runs(20));
  assert.equal(same.method, 'repeats');
  assert.notEqual(same.verdict, 'fail');
  const slow = compareResults(base, runs(30, 1.3));
  assert.equal(slow.verdict, 'fail');
  const p95 = slow.rows.find((r) => r.scope === 'total' && r.metric === 'p95')!;
  assert.equal(p95.method, 'repeats');
  assert.ok(p95.low > 0.1 && p95.change > 0.2 && p95.change < 0.4, JSON.stringify(p95));
});

test('a rise in errors fails on the error-rate margin, and an improvement passes', () => {
  const base = syntheticResult({ seed: 1 });
  const errors = compareResults([base], [syntheticResult({ seed: 2, errorRate: 0.05 })], { metrics: ['error_rate'] });
  assert.equal(errors.verdict, 'fail');
  const faster = compareResults([base], [syntheticResult({ seed: 3, slowdown: 0.7 })]);
  assert.equal(faster.verdict, 'pass');
  assert.match(faster.rows.find((r) => r.metric === 'p95')!.reason, /improvement/);
});

test('results are reproducible: same inputs and seed, same report', () => {
  const a = syntheticResult({ seed: 1 });
  const b = syntheticResult({ seed: 2, slowdown: 1.08 });
  assert.deepEqual(compareResults([a], [b], { seed: 9 }), compareResults([a], [b], { seed: 9 }));
});

test('a baseline with different endpoints is reported as incompatible, not compared', () => {
  const base = syntheticResult({ seed: 1, endpoints });
  const other = syntheticResult({ seed: 2, endpoints: [{ name: 'GET /users' }, { name: 'GET /health' }] });
  const report = compareResults([base], [other]);
  assert.equal(report.verdict, 'incompatible');
  assert.deepEqual(report.incompatible, { onlyInBaseline: ['POST /orders'], onlyInCurrent: ['GET /health'] });
  assert.equal(report.rows.length, 0);
});

test('bad options are rejected with the field named', () => {
  const a = syntheticResult({ seed: 1, durationS: 3 });
  assert.throws(() => compareResults([a], [a], { margin: -1 }), (e) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && /margin/.test(e.message));
  assert.throws(() => compareResults([a], [a], { method: 'repeats' }), /2 or more runs per side/);
  assert.throws(() => compareResults([a], [a], { metrics: ['p50' as 'p95'] }), /metrics\[0\]/);
});
