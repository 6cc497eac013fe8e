import { checkNumber, checkOneOf, type RunResult } from '../../core/index.js';
import type { Threshold } from '../stats/thresholds.js';
import { prepareSource, type ScenarioSource, type StepLoad } from './LoadSource.js';
import { ProcessSampler, type ProcessPoint } from './ProcessSampler.js';
import { parseSlo } from './Slo.js';
import { soakDegradation, type SoakDegradation } from './SoakDegradation.js';

/** Options of `runSoak`. */
export interface SoakRunOptions {
  /** The request each iteration sends (`url`, ...); this or `scenario` is required. */
  load?: StepLoad;
  /** A scenario each iteration runs a flow of; this or `load` is required. */
  scenario?: ScenarioSource;
  /** SLOs judged over the whole run; default none. */
  slos?: ReadonlyArray<string | Threshold>;
  /** `rate` (arrivals/s, default) or `vus`. */
  mode?: 'rate' | 'vus';
  /** Steady load held for the whole run; default 100 (rate) or 10 (vus). */
  level?: number;
  /** Measured duration, ms; default 300 000. */
  durationMs?: number;
  /** Unmeasured warm-up, ms; default 5000. */
  warmupMs?: number;
  /** First/last window compared, ms; default 10 % of the run. */
  windowMs?: number;
  /** Target process id: RSS (and CPU) read each second from /proc; default none. */
  pid?: number;
  /** Per-request timeout, ms; default 10 000 (as `runLoad`'s). */
  timeoutMs?: number;
  /** Worker threads sending the load; default 1. */
  workers?: number;
}

/** A soak run's result, the target's readings and the degradation: what `runSoak` and `soakReport` return, and `loadline find --mode soak --out` writes. */
export interface SoakRunReport {
  format: 'loadline.soak';
  version: 1;
  degradation: SoakDegradation;
  /** The target's CPU and RSS each second, when `pid` was given. */
  process?: ProcessPoint[];
  result: RunResult;
}

/**
 * Holds a steady load for a long time and reports how throughput, p95 and the target's memory
 * moved from the first window to the last (endurance drift).
 *
 * @example
 * const { degradation } = await runSoak({ load: { url }, level: 200, durationMs: 600_000, pid: serverPid });
 */
export async function runSoak(options: SoakRunOptions): Promise<SoakRunReport> {
  const mode = checkOneOf(options.mode ?? 'rate', 'mode', ['rate', 'vus']);
  const level = checkNumber(options.level ?? (mode === 'vus' ? 10 : 100), 'level', { above: 0 });
  const durationMs = checkNumber(options.durationMs ?? 300_000, 'durationMs', { min: 2000 });
  const warmupMs = checkNumber(options.warmupMs ?? 5000, 'warmupMs', { min: 0 });
  const slos = (options.slos ?? []).map((s, i) => (typeof s === 'string' ? parseSlo(s, `slos[${i}]`) : s));
  const source = await prepareSource(options);
  const sampler = options.pid === undefined ? undefined : new ProcessSampler(options.pid, 'pid');
  const watch = sampler?.watch(1000, performance.now() + warmupMs);
  let result: RunResult;
  try {
    result = await source.run({
      model: mode === 'vus' ? 'closed' : 'open',
      ...(mode === 'vus' ? { vus: Math.round(level) } : { rate: level }),
      durationMs,
      warmupMs,
      thresholds: slos,
      timeoutMs: options.timeoutMs ?? 10_000,
    });
  } finally {
    watch?.stop();
  }
  const memory = watch?.points.filter((p) => p.t >= 0);
  return soakReport(result, { ...(options.windowMs !== undefined ? { windowMs: options.windowMs } : {}), ...(memory ? { process: memory } : {}) });
}

/** Options of `soakReport`. */
export interface SoakReportOptions {
  /** First/last window compared, ms; default 10 % of the run. */
  windowMs?: number;
  /** The target's CPU and RSS over the run (`ProcessSampler.watch`), `t` on the series' axis; default none (no memory drift). */
  process?: ProcessPoint[];
}

/**
 * The soak report of a long steady run (one `runSoak` ran, or a result file of `loadline run`):
 * the same format `runSoak` returns and `loadline find --mode soak` writes, whichever way the
 * run was made.
 *
 * @example
 * const report = soakReport(await readResult('soak.json'), { windowMs: 180_000 });
 * console.log(formatSoakText(report.degradation));
 */
export function soakReport(result: RunResult, options: SoakReportOptions = {}): SoakRunReport {
  const memory = options.process;
  const degradation = soakDegradation(result, { ...(options.windowMs !== undefined ? { windowMs: options.windowMs } : {}), ...(memory ? { memory } : {}) });
  return { format: 'loadline.soak', version: 1, degradation, ...(memory ? { process: memory } : {}), result };
}

/**
 * Whether a soak degraded past a limit: its throughput drop, p95 rise or memory growth (a share,
 * 0.1 = 10 %) above `maxDegradation`. What fails `loadline find --mode soak --max-degradation`.
 *
 * @example
 * if (soakDegraded(report.degradation, 0.1)) process.exitCode = 99;
 */
export function soakDegraded(degradation: SoakDegradation, maxDegradation: number): boolean {
  checkNumber(maxDegradation, 'maxDegradation', { min: 0 });
  const worst = Math.max(degradation.throughputDropPercent, degradation.p95IncreasePercent, degradation.memoryGrowthPercent ?? 0);
  return worst > maxDegradation * 100;
}
