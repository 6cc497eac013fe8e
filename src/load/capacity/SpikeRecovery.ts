import { checkInteger, checkNumber, checkOneOf, invalidInput, type RunResult, type SeriesPoint, type SpikeRecovery } from '../../core/index.js';

export type { SpikeRecovery };

/** Options of `spikeRecovery`. */
export interface SpikeRecoveryOptions {
  /** Latency the per-interval percentile must be back within, ms. Required. */
  limitMs: number;
  /** Which per-interval percentile is judged: 50, 95 or 99; default 95. */
  percentile?: 50 | 95 | 99;
  /** Consecutive intervals within the limit that count as recovered; default 3 (fewer when the run ends sooner). */
  stableIntervals?: number;
  /** End of the spike, seconds on the series axis; default found from the series' target rate (open) or VUs (closed). */
  spikeEndS?: number;
}

const levelOf = (p: SeriesPoint) => p.rate ?? p.vus;

/**
 * Measures recovery after a spike (baseline, spike, baseline) from a result's per-interval series:
 * how long after the spike ends until the per-interval p95 (or p50/p99) is back within `limitMs`
 * and stays there for `stableIntervals` intervals. An interval with no completed request is not
 * within the limit (a stalled service answers nothing).
 *
 * @example
 * const r = spikeRecovery(result, { limitMs: 127 });
 * console.log(r.recovered ? `recovered in ${r.recoveryMs} ms` : 'did not recover');
 */
export function spikeRecovery(result: RunResult, options: SpikeRecoveryOptions): SpikeRecovery {
  const limitMs = checkNumber(options.limitMs, 'limitMs', { above: 0 });
  const percentile = checkOneOf(String(options.percentile ?? 95), 'percentile', ['50', '95', '99']);
  const key = `p${percentile}` as 'p50' | 'p95' | 'p99';
  const stable = checkInteger(options.stableIntervals ?? 3, 'stableIntervals', { min: 1 });
  const points = result.series.points;
  if (points.length < 3) throw invalidInput({ field: 'series.points', value: points.length, expected: 'a run with a per-interval series of at least 3 points (baseline, spike, baseline)' });
  const levels = points.map(levelOf);
  const baseline = Math.min(...levels);
  const peak = Math.max(...levels);
  const half = (baseline + peak) / 2;
  let first = levels.findIndex((l) => l >= half && l > baseline);
  let last = -1;
  for (let i = levels.length - 1; i >= 0; i--) if (levels[i]! >= half && levels[i]! > baseline) {
    last = i;
    break;
  }
  let endS: number;
  if (options.spikeEndS !== undefined) {
    endS = checkNumber(options.spikeEndS, 'spikeEndS', { min: 0 });
    last = points.findIndex((p) => p.t >= endS - 1e-9);
    if (last === -1) throw invalidInput({ field: 'spikeEndS', value: endS, expected: `a time within the run (0..${points[points.length - 1]!.t} s)` });
    if (first === -1 || first > last) first = last;
  } else {
    if (first === -1 || peak < baseline * 1.5 || last === levels.length - 1) {
      throw invalidInput({ field: 'series', value: `load ${baseline}..${peak}`, expected: 'a spike profile: a baseline, a spike to at least 1.5x the baseline, then the baseline again (or pass spikeEndS)' });
    }
    endS = points[last]!.t;
  }
  const startS = first > 0 ? points[first - 1]!.t : 0;
  const within = (p: SeriesPoint) => p.requests > 0 && p[key] <= limitMs;
  let worstMs = 0;
  for (let i = Math.max(0, first); i < points.length; i++) worstMs = Math.max(worstMs, points[i]![key]);
  let recoveryMs: number | null = null;
  for (let j = last + 1; j < points.length; j++) {
    const run = points.slice(j, j + stable);
    if (run.every(within)) {
      const intervalStart = points[j - 1]!.t;
      recoveryMs = Math.max(0, Math.round((intervalStart - endS) * 1000));
      break;
    }
  }
  return { spike: { startS, endS, baseline, peak }, percentile: Number(percentile) as 50 | 95 | 99, limitMs, recovered: recoveryMs !== null, recoveryMs, worstMs };
}
