import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunResult } from '../../core/index.js';
import { syntheticResult } from '../SyntheticResult.js';
import { loadCharts, serverCharts } from './TimeSeriesCharts.js';

const base = syntheticResult({ seed: 3, durationS: 10, server: true, endpoints: [{ name: 'GET /' }] }) as RunResult;

test('server charts of a single process keep their plain titles', () => {
  const titles = serverCharts(base).map((c) => c.title);
  assert.ok(titles.includes('Server: event-loop delay'), titles.join(', '));
  assert.ok(!titles.some((t) => t.includes('cluster')));
});

test('server points from a cluster primary say which reading of the workers each chart shows, and the worker count is not plotted', () => {
  const clustered: RunResult = { ...base, server: { source: base.server!.source, points: base.server!.points.map((p) => ({ ...p, workers: 4 })) } };
  const charts = serverCharts(clustered);
  const byId = new Map(charts.map((c) => [c.id, c]));
  assert.equal(byId.get('chart-server-eventloop')?.title, 'Server: event-loop delay (cluster: worst worker)');
  assert.equal(byId.get('chart-server-memory')?.title, 'Server: memory (cluster: summed over workers)');
  assert.ok(!charts.some((c) => c.series.some((s) => s.label === 'workers')), 'the worker count is no time series of its own');
});

test('open model: throughput and arrival rate share one axis, as do errors/s and dropped iterations/s (one axis per unit)', () => {
  const open = syntheticResult({ seed: 5, durationS: 10, model: 'open', endpoints: [{ name: 'GET /' }] }) as RunResult;
  const [rps, , errors] = loadCharts(open);
  assert.equal(rps!.id, 'chart-rps');
  assert.deepEqual(rps!.series.map((s) => [s.label, s.right ?? false]), [['achieved requests/s', false], ['target arrivals/s', false]]);
  assert.equal(rps!.rightLabel, undefined);
  assert.equal(errors!.rightLabel, undefined);
  assert.ok(errors!.series.every((s) => !s.right));
  // Dropped iterations are counted per interval; plotted per second like errors.
  const halfSecond: RunResult = { ...open, series: { intervalMs: 500, points: open.series.points.map((p) => ({ ...p, dropped: 3, errors: 2 })) } };
  const [, , e] = loadCharts(halfSecond);
  assert.deepEqual(e!.series.map((s) => s.values[0]), [4, 6]);
});

test('closed model: VUs are a count, not a rate, and keep the right axis', () => {
  const closed = syntheticResult({ seed: 5, durationS: 10, model: 'closed', endpoints: [{ name: 'GET /' }] }) as RunResult;
  const [rps] = loadCharts(closed);
  assert.deepEqual(rps!.series.map((s) => [s.label, s.right ?? false]), [['rps', false], ['active VUs', true]]);
  assert.equal(rps!.rightLabel, 'VUs');
});
