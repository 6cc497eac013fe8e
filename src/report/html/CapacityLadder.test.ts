import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capacityCharts, capacityHtml, type CapacityLadder } from './CapacityLadder.js';

const step = (offered: number, achieved: number, achievedRps: number, ok: boolean) => ({ offered, achieved, achievedRps, avgMs: 1, p95Ms: 2, p99Ms: 3, errorRate: 0, ok });

test('a scenario ladder plots and lists achieved iterations/s against offered iterations/s, requests/s beside', () => {
  const ladder: CapacityLadder = { unit: 'rate', steps: [step(50, 50, 150, true), step(100, 60, 180, false)] };
  const [throughput] = capacityCharts(ladder);
  assert.deepEqual(throughput!.series.map((s) => [s.label, s.values]), [
    ['achieved iterations/s', [50, 60]],
    ['requests/s', [150, 180]],
    ['offered (ideal)', [50, 100]],
  ]);
  assert.ok(throughput!.series.every((s) => !s.right), 'one unit, one axis');
  assert.match(capacityHtml(ladder), /<th class="num">offered \/s<\/th><th class="num">achieved it\/s<\/th><th class="num">achieved rps<\/th>/);
});

test('a ladder stopped by the generator says the line is at least its highest passing load, and why', () => {
  const html = capacityHtml({ unit: 'rate', steps: [step(100, 100, 100, true)], maxSustainable: { rate: 6400, atLeast: true }, generatorLimit: { rate: 6400, reason: "the load generator's event loop was busy 98% of the hold", suggestedWorkers: 2 } });
  assert.match(html, /Maximum sustainable load: at least <strong data-testid="max-sustainable">6400.0<\/strong>\/s/);
  assert.match(html, /The load generator, not the service, was the limit from 6400.0\/s<\/span>: the load generator&#39;s event loop was busy 98% of the hold. Send the load from more threads \(2 workers\)/);
});
