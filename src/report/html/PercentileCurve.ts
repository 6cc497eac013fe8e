import { Histogram, type RunResult } from '../../core/index.js';
import { PALETTE, type ChartSpec } from './ChartSpec.js';

/** Most endpoint curves drawn beside the total; more would be unreadable. */
const MAX_ENDPOINT_CURVES = 6;

/** x positions: -log10(1 - p), from p = 0 to 99.99 % in steps of 0.05 decades. */
function positions(): number[] {
  const xs: number[] = [];
  for (let k = 0; k <= 80; k++) xs.push(k / 20);
  return xs;
}

function curve(encoded: string, xs: readonly number[]): number[] {
  const h = Histogram.decode(encoded);
  try {
    return h.percentiles(xs.map((x) => 100 * (1 - 10 ** -x))).map((us) => us / 1000);
  } finally {
    h.destroy();
  }
}

/**
 * The latency distribution as a percentile curve, decoded from the HDR histograms stored in the
 * result (so the tail is exact, not interpolated from a few summary percentiles).
 */
export function percentileChart(result: RunResult): ChartSpec {
  const xs = positions();
  const endpoints = Object.entries(result.histograms.endpoints).slice(0, MAX_ENDPOINT_CURVES);
  return {
    id: 'chart-percentiles',
    title: 'Latency distribution (percentile curve)',
    xLabel: 'percentile',
    yLabel: 'ms',
    xKind: 'percentile',
    x: xs,
    series: [
      { label: 'total', values: curve(result.histograms.total, xs), color: PALETTE[0]! },
      ...endpoints.map(([name, encoded], i) => ({ label: name, values: curve(encoded, xs), color: PALETTE[(i + 1) % PALETTE.length]! })),
    ],
  };
}
