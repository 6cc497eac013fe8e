import { checkNumber, checkOneOf, invalidInput, type RunResult } from '../../core/index.js';
import { prepareSource, type ScenarioSource, type StepLoad } from './LoadSource.js';
import { parseSlo, seriesLatencyLimit } from './Slo.js';
import { spikeRecovery, type SpikeRecovery } from './SpikeRecovery.js';
import type { Threshold } from '../stats/thresholds.js';

/** Options of `runSpike`. */
export interface SpikeRunOptions {
  /** The request each iteration sends (`url`, ...); this or `scenario` is required. */
  load?: StepLoad;
  /** A scenario each iteration runs a flow of; this or `load` is required. */
  scenario?: ScenarioSource;
  /** SLOs; the first untagged http_req_duration p(50)/p(95)/p(99) one sets the recovery limit. Required. */
  slos: ReadonlyArray<string | Threshold>;
  /** `rate` (arrivals/s, default) or `vus`. */
  mode?: 'rate' | 'vus';
  /** Baseline load before and after the spike; default 100 (rate) or 10 (vus). */
  baseline?: number;
  /** Load during the spike; default 10 × baseline. */
  peak?: number;
  /** Baseline before the spike and length of the spike, ms; the baseline after it lasts twice as long. Default 30 000. */
  phaseMs?: number;
  /** Unmeasured warm-up at the baseline, ms; default 5000. */
  warmupMs?: number;
  /** Consecutive seconds within the limit that count as recovered; default 3. */
  stableIntervals?: number;
  /** Per-request timeout, ms; default 10 000 (as `runLoad`'s). */
  timeoutMs?: number;
  /** Worker threads sending the load; default 1. */
  workers?: number;
}

/** A spike run's result and its recovery: what `runSpike` and `spikeReport` return, and `loadline find --mode spike --out` writes. */
export interface SpikeRunReport {
  format: 'loadline.spike';
  version: 1;
  slos: string[];
  recovery: SpikeRecovery;
  result: RunResult;
}

/**
 * Runs the spike shape (baseline, a jump to the peak, baseline again for twice as long) and
 * measures how long after the spike p95 (per the SLO) is back within its limit.
 *
 * @example
 * const { recovery } = await runSpike({ load: { url }, slos: ['p(95)<127'], baseline: 50, peak: 500, phaseMs: 10_000 });
 */
export async function runSpike(options: SpikeRunOptions): Promise<SpikeRunReport> {
  const mode = checkOneOf(options.mode ?? 'rate', 'mode', ['rate', 'vus']);
  const slos = (options.slos ?? []).map((s, i) => (typeof s === 'string' ? parseSlo(s, `slos[${i}]`) : s));
  const limit = seriesLatencyLimit(slos);
  if (!limit) throw invalidInput({ field: 'slos', value: slos.map((s) => s.expression.source), expected: "a latency SLO on the per-second series, e.g. 'p(95)<127' (http_req_duration p(50), p(95) or p(99))" });
  const baseline = checkNumber(options.baseline ?? (mode === 'vus' ? 10 : 100), 'baseline', { above: 0 });
  const peak = checkNumber(options.peak ?? baseline * 10, 'peak', { min: baseline * 1.5 });
  const phaseMs = checkNumber(options.phaseMs ?? 30_000, 'phaseMs', { min: 1000 });
  const round = (v: number) => (mode === 'vus' ? Math.round(v) : v);
  const stableIntervals = options.stableIntervals;
  const source = await prepareSource(options);
  const result = await source.run({
    model: mode === 'vus' ? 'closed' : 'open',
    ...(mode === 'vus' ? { vus: round(baseline) } : { rate: baseline }),
    stages: [
      { durationMs: phaseMs, target: round(baseline) },
      { durationMs: 0, target: round(peak) },
      { durationMs: phaseMs, target: round(peak) },
      { durationMs: 0, target: round(baseline) },
      { durationMs: 2 * phaseMs, target: round(baseline) },
    ],
    warmupMs: options.warmupMs ?? 5000,
    thresholds: slos,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  return spikeReport(result, { slos, spikeEndS: (2 * phaseMs) / 1000, ...(stableIntervals !== undefined ? { stableIntervals } : {}) });
}

/** Options of `spikeReport`. */
export interface SpikeReportOptions {
  /** SLOs; the first untagged http_req_duration p(50)/p(95)/p(99) one sets the recovery limit. Required. */
  slos: ReadonlyArray<string | Threshold>;
  /** When the spike ended, seconds on the series' axis; default found from the series' target. */
  spikeEndS?: number;
  /** Consecutive seconds within the limit that count as recovered; default 3. */
  stableIntervals?: number;
}

/**
 * The spike report of a run that went through a spike (one `runSpike` ran, or a result file of
 * `loadline run --profile spike`): the same format `runSpike` returns and `loadline find --mode
 * spike` writes, whichever way the run was made.
 *
 * @example
 * const report = spikeReport(await readResult('run.json'), { slos: ['p(95)<127'] });
 * console.log(formatSpikeText(report.recovery));
 */
export function spikeReport(result: RunResult, options: SpikeReportOptions): SpikeRunReport {
  const slos = (options.slos ?? []).map((s, i) => (typeof s === 'string' ? parseSlo(s, `slos[${i}]`) : s));
  const limit = seriesLatencyLimit(slos);
  if (!limit) throw invalidInput({ field: 'slos', value: slos.map((s) => s.expression.source), expected: "a latency SLO on the per-second series, e.g. 'p(95)<127' (http_req_duration p(50), p(95) or p(99))" });
  const recovery = spikeRecovery(result, {
    limitMs: limit.limitMs,
    percentile: limit.percentile,
    ...(options.spikeEndS !== undefined ? { spikeEndS: options.spikeEndS } : {}),
    ...(options.stableIntervals !== undefined ? { stableIntervals: options.stableIntervals } : {}),
  });
  return { format: 'loadline.spike', version: 1, slos: slos.map((s) => s.expression.source), recovery, result };
}
