import { invalidInput, type Clock, type RunResult, type ThresholdResult } from '../../core/index.js';
import { parseThreshold, type LoadOptions, type Stage } from '../../load/index.js';
import { MetricRegistry } from '../../load/scenario/metrics/MetricRegistry.js';
import { mathRandom, seededRandom } from '../../load/scenario/random.js';
import { OriginPools } from '../http/OriginPools.js';
import type { CompatPlan } from '../plan.js';
import { ArtilleryIteration } from './ArtilleryIteration.js';
import { judgeEnsure } from './ensure.js';
import { loadArtilleryScript } from './loadScript.js';
import { loadProcessor } from './processor.js';
import type { ArtilleryPhase, ArtilleryScript } from './script.js';

export { loadArtilleryScript, deepMerge, type LoadArtilleryOptions } from './loadScript.js';
export { artilleryMetrics, judgeEnsure } from './ensure.js';
export { compileExpression } from './expression.js';
export { compileTemplate } from './template.js';
export type * from './script.js';

/** Which latency the summary shows, since Artillery users read `http.response_time` as time to first byte. */
export const LATENCY_NOTE = "latency is loadline's http_req_duration: the whole response, measured from each arrival's due time (Artillery's http.response_time is the time to the first byte from the send, so it reads lower)";

/** How to run an Artillery script: Artillery's own flags, and loadline's that replace its schedule. */
export interface ArtilleryRunOptions {
  /** `-e NAME`: the environment under `config.environments`; default none. */
  environment?: string;
  /** `--overrides`: an object deep-merged over the script (arrays replaced); default none. */
  overrides?: Record<string, unknown>;
  /** Origin replacing `config.target`; default the script's. */
  target?: string;
  /** Arrivals per second replacing the phases (with `durationMs` or `stages`); default the phases. */
  rate?: number;
  /** Arrival-rate stages replacing the phases; default the phases. */
  stages?: readonly Stage[];
  /** Length of a constant `rate`, ms; default 10 000. */
  durationMs?: number;
  /** Most virtual users in flight; default the phases' `maxVusers` when every phase sets one, else 120 s of the peak rate (at least 1000). */
  vus?: number;
  /** Per-request timeout, ms; default `config.http.timeout` (10 s). */
  timeoutMs?: number;
  /** https: accept any certificate; default `config.tls.rejectUnauthorized === false`. */
  insecure?: boolean;
  /** Extra thresholds in loadline's grammar (`http_req_duration:p(95)<200`); default none. */
  thresholds?: readonly string[];
  /** Seed for scenario picks, payload rows and variables; default unseeded. */
  seed?: number;
  /** Time source of the arrivals, pauses and latency; default the system clock. Tests pass a FakeClock. */
  clock?: Clock;
}

/**
 * Translates an Artillery script onto loadline's open model: its phases become arrival-rate
 * stages (a pause is a rate of 0, `rampTo` a ramp, `arrivalCount` its average rate), each arrival a
 * new virtual user running one scenario picked by weight, measured from its due time (no
 * coordinated omission). The ensure plugin's checks become threshold results; expectations are
 * checks.
 *
 * @example
 * const plan = await planArtillery('artillery.yml', { environment: 'staging', overrides: { config: { phases: [{ duration: 10, arrivalRate: 5 }] } } });
 * const run = await startCompat(plan);
 */
export async function planArtillery(file: string, options: ArtilleryRunOptions = {}): Promise<CompatPlan> {
  const script = await loadArtilleryScript(file, { ...(options.environment !== undefined ? { environment: options.environment } : {}), ...(options.overrides !== undefined ? { overrides: options.overrides } : {}) });
  const target = (options.target ?? script.target).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(target)) throw invalidInput({ field: 'target', value: options.target, expected: 'an http:// or https:// origin' });
  const processor = script.processor === undefined ? {} : await loadProcessor(script.processor, script.file);
  const metrics = new MetricRegistry();
  const rng = options.seed === undefined ? mathRandom : seededRandom(options.seed);
  const schedule = scheduleOf(script, options);
  let iteration: ArtilleryIteration | undefined;
  let failedIterations = 0;
  const load: LoadOptions = {
    url: target,
    model: 'open',
    ...schedule,
    timeoutMs: options.timeoutMs ?? script.timeoutMs,
    insecure: options.insecure ?? script.insecure,
    thresholds: (options.thresholds ?? []).map((t, i) => parseThreshold(t, { field: `thresholds[${i}]` })),
    scenario: script.file,
    ...(options.clock ? { clock: options.clock } : {}),
    onEnd: (stats) => {
      failedIterations = stats.failedIterations;
    },
    iteration: (context) => {
      const pools = new OriginPools({ connections: script.connections ?? context.options.connections, timeoutMs: context.options.timeoutMs, insecure: context.options.insecure });
      iteration = new ArtilleryIteration({ script, target, processor, pools, clock: context.clock, stats: context.stats, recorder: context.recorder, metrics }, rng);
      const it = iteration;
      return {
        iteration: it,
        close: async () => {
          it.interrupt();
          await pools.close();
        },
      };
    },
  };
  if (load.durationMs === undefined) delete load.durationMs;
  return {
    tool: 'artillery',
    file: script.file,
    load,
    metrics,
    after: async (result: RunResult) => {
      result.summary.modelNote = `${result.summary.modelNote ?? ''}${result.summary.modelNote ? '; ' : ''}${LATENCY_NOTE}`;
      if (script.ensure) result.thresholds.push(...judgeEnsure(script.ensure, result, failedIterations));
      if (script.expectPlugin) result.thresholds.push(expectationsVerdict(result));
      const failures = iteration?.failures;
      if (failures && failures.size > 0) (result.config as Record<string, unknown>).artillery = { failedVusers: Object.fromEntries(failures) };
    },
  };
}

/** The load schedule: loadline's rate and stages when given, else the phases. */
function scheduleOf(script: ArtilleryScript, o: ArtilleryRunOptions): Pick<LoadOptions, 'rate' | 'stages' | 'durationMs' | 'vus'> {
  if (o.rate !== undefined || o.stages !== undefined) {
    const peak = Math.max(o.rate ?? 0, ...(o.stages ?? []).map((s) => s.target));
    return { ...(o.rate !== undefined ? { rate: o.rate } : {}), ...(o.stages ? { stages: o.stages } : {}), ...(o.durationMs !== undefined ? { durationMs: o.durationMs } : {}), vus: o.vus ?? defaultVus(peak) };
  }
  const { start, stages } = phaseStages(script.phases);
  const peak = Math.max(start, ...stages.map((s) => s.target));
  const caps = script.phases.map((p) => p.maxVusers);
  const vus = o.vus ?? (caps.every((c) => c !== undefined) ? Math.max(...(caps as number[])) : defaultVus(peak));
  return { ...(start > 0 ? { rate: start } : {}), stages, vus };
}

function defaultVus(peak: number): number {
  return Math.min(100_000, Math.max(1000, Math.ceil(peak * 120)));
}

/**
 * Artillery phases as open-model stages: each phase jumps to its `arrivalRate` (a 0 ms stage)
 * and moves linearly to its `rampTo` over its duration.
 *
 * @example
 * phaseStages([{ durationMs: 60_000, rate: 5, rampTo: 5 }, { durationMs: 60_000, rate: 5, rampTo: 20 }]);
 * // { start: 5, stages: [{ 60000, 5 }, { 60000, 20 }] }
 */
export function phaseStages(phases: readonly ArtilleryPhase[]): { start: number; stages: Stage[] } {
  const start = phases[0]?.rate ?? 0;
  const stages: Stage[] = [];
  let current = start;
  for (const p of phases) {
    if (p.rate !== current) stages.push({ durationMs: 0, target: p.rate });
    stages.push({ durationMs: p.durationMs, target: p.rampTo });
    current = p.rampTo;
  }
  return { start, stages };
}

function expectationsVerdict(result: RunResult): ThresholdResult {
  const checks = result.summary.checks;
  const fails = checks?.fails ?? 0;
  const r: ThresholdResult = { expression: 'every expectation passes (expect plugin)', metric: 'checks', observed: checks ? checks.rate : null, ok: fails === 0, level: 'error' };
  if (fails > 0) r.reason = `${fails} expectation${fails === 1 ? '' : 's'} failed (Artillery exits 21)`;
  return r;
}
