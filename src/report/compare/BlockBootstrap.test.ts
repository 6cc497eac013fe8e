import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SeriesPoint } from '../../core/index.js';
import { SeededRandom } from '../../core/index.js';
import { blockBootstrapChange, seriesStatistic } from './BlockBootstrap.js';

function series(seed: number, level: number, phi: number, n = 60): SeriesPoint[] {
  const rng = new SeededRandom(seed);
  let x = 0;
  return Array.from({ length: n }, (_, i) => {
    x = phi * x + Math.sqrt(1 - phi * phi) * 0.1 * rng.normal();
    const p95 = level * Math.exp(x);
    return { t: i + 1, requests: 100, rps: 100, errors: 0, p50: p95 / 2, p95, p99: p95 * 1.5, vus: 10 };
  });
}

test('the statistic is the request-weighted mean of per-second values', () => {
  const points = series(1, 50, 0).slice(0, 2);
  points[1]!.requests = 300;
  assert.equal(seriesStatistic([points], 'p95'), (points[0]!.p95 * 100 + points[1]!.p95 * 300) / 400);
  assert.equal(seriesStatistic([points], 'rps'), 100);
});

test('the interval is reproducible from its seed and finds a 30 % shift', () => {
  const a = series(1, 50, 0.7);
  const b = series(2, 65, 0.7);
  const x = blockBootstrapChange([a], [b], 'p95', { seed: 5 });
  assert.deepEqual(blockBootstrapChange([a], [b], 'p95', { seed: 5 }), x);
  assert.ok(x.low > 0.15 && x.high < 0.45 && x.low < 0.3 && x.high > 0.3, JSON.stringify(x));
});

test('blocks widen the interval of autocorrelated seconds compared with single seconds', () => {
  const a = series(3, 50, 0.9, 120);
  const b = series(4, 50, 0.9, 120);
  const blocked = blockBootstrapChange([a], [b], 'p95', { seed: 1, blockLength: 10 });
  const naive = blockBootstrapChange([a], [b], 'p95', { seed: 1, blockLength: 1 });
  assert.ok(blocked.high - blocked.low > 1.5 * (naive.high - naive.low), `${JSON.stringify(blocked)} vs ${JSON.stringify(naive)}`);
});
