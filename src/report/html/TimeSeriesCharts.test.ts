import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunResult } from '../../core/index.js';
import { syntheticResult } from '../SyntheticResult.js';
import { serverCharts } from './TimeSeriesCharts.js';

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
