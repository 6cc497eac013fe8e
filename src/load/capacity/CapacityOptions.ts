import { checkInteger, checkNumber, checkOneOf, invalidInput, systemClock, type Clock, type RunResult } from '../../core/index.js';
import type { Threshold } from '../stats/thresholds.js';
import { processGeneratorMeter, type GeneratorMeter } from './GeneratorMeter.js';
import type { PreparedSource, ScenarioSource, StepLoad } from './LoadSource.js';
import { DEFAULT_BREAK_RULES, type BreakRules, type FindStep } from './LoadStep.js';
import { parseSlo } from './Slo.js';

/** Options of `findCapacity`. */
export interface CapacityOptions {
  /** The request each step sends (`url`, method, headers, body); this, `scenario` or `source` is required. */
  load?: StepLoad;
  /** A scenario each step runs (its thresholds count as SLOs too); this, `load` or `source` is required. */
  scenario?: ScenarioSource;
  /** Runs each step's load instead of `load`/`scenario` (a fake in tests, or a custom driver); default none. */
  source?: PreparedSource;
  /** SLOs every step is judged on, threshold grammar; a bare `p(95)<127` means http_req_duration. At least one. */
  slos: ReadonlyArray<string | Threshold>;
  /** `rate`: open model, offered load is arrivals (iterations)/s; `vus`: closed model, offered load is VUs. Default `rate`. */
  mode?: 'rate' | 'vus';
  /** First step's load (per second or VUs); default 100 (rate) or 10 (vus). When it already fails, the search steps down by `growth`. */
  start?: number;
  /** Added at each step instead of multiplying by `growth`; default none (geometric). */
  step?: number;
  /** Multiplies the load at each step until one breaks; default 2, unless `step` is given. */
  growth?: number;
  /** Highest load the ladder offers; default none: the time budget (and the generator's own limit) bound the climb. */
  max?: number;
  /** Measured hold of each step, ms; default 3000. */
  stepDurationMs?: number;
  /** Unmeasured warm-up before each hold, ms; default 1000. */
  warmupMs?: number;
  /** Most bisection steps between the last passing and first failing load; default 8 (the budget and `resolution` usually stop it first). */
  refineSteps?: number;
  /** Stop bisecting when the gap is below this fraction of the passing load; default 0.05. */
  resolution?: number;
  /** Most holds of one load: a step whose verdict is marginal is held again, and the majority decides; default 3 (1 never repeats). */
  maxHolds?: number;
  /** A verdict is marginal when an SLO's observed value (or a break rule's figure) is within this fraction of its limit; default 0.2. */
  marginalBand?: number;
  /** Total time the search may take, ms; default 120 000 (2 min). No step starts that would not fit. */
  budgetMs?: number;
  /** Worker threads sending the load (each its own connections and event loop); default 1. */
  workers?: number;
  /** Target process id: CPU % and RSS per step from /proc (Linux); default none. */
  pid?: number;
  /** When a step counts as broken; defaults errorLimit 0.05, throughputRatio 0.9, minGain 0. */
  breakRules?: Partial<BreakRules>;
  /** Per-request timeout, ms; default 10 000 (as `runLoad`'s). */
  timeoutMs?: number;
  /** How long a step's in-flight requests may finish after its hold, ms; default 2000. */
  gracefulStopMs?: number;
  /** Called after each step with its row and the run result of its last hold. */
  onStep?: (step: FindStep, result: RunResult) => void;
  /** Reads how busy the generator was during each hold; default this process's event loop and CPU. */
  generatorMeter?: GeneratorMeter;
  /** Time source for the budget and the hold's timers; default the system clock. */
  clock?: Clock;
}

export interface ResolvedCapacityOptions {
  load: StepLoad | undefined;
  scenario: ScenarioSource | undefined;
  source: PreparedSource | undefined;
  slos: Threshold[];
  mode: 'rate' | 'vus';
  start: number;
  step: number | undefined;
  growth: number;
  max: number;
  stepDurationMs: number;
  warmupMs: number;
  refineSteps: number;
  resolution: number;
  maxHolds: number;
  marginalBand: number;
  budgetMs: number;
  workers: number;
  pid: number | undefined;
  breakRules: BreakRules;
  timeoutMs: number;
  gracefulStopMs: number;
  onStep: CapacityOptions['onStep'];
  generatorMeter: GeneratorMeter;
  clock: Clock;
}

/** Validates capacity-search options at the boundary; errors name the option, value and what was expected. */
export function resolveCapacityOptions(o: CapacityOptions): ResolvedCapacityOptions {
  if (!Array.isArray(o.slos) || o.slos.length === 0) throw invalidInput({ field: 'slos', value: o.slos, expected: "at least one SLO, e.g. 'http_req_duration:p(95)<127'" });
  const slos = o.slos.map((s, i) => (typeof s === 'string' ? parseSlo(s, `slos[${i}]`) : s));
  const mode = checkOneOf(o.mode ?? 'rate', 'mode', ['rate', 'vus']);
  const vus = mode === 'vus';
  const check = (v: number, field: string) => (vus ? checkInteger(v, field, { min: 1, max: 100_000 }) : checkNumber(v, field, { above: 0, max: 1_000_000 }));
  const start = check(o.start ?? (vus ? 10 : 100), 'start');
  const step = o.step === undefined ? undefined : check(o.step, 'step');
  const growth = checkNumber(o.growth ?? 2, 'growth', { above: 1, max: 100 });
  const max = o.max === undefined ? Infinity : check(o.max, 'max');
  if (max < start) throw invalidInput({ field: 'max', value: max, expected: `a load of at least start (${start})` });
  const stepDurationMs = checkNumber(o.stepDurationMs ?? 3000, 'stepDurationMs', { min: 100 });
  const warmupMs = checkNumber(o.warmupMs ?? 1000, 'warmupMs', { min: 0 });
  const budgetMs = checkNumber(o.budgetMs ?? 120_000, 'budgetMs', { above: 0 });
  if (budgetMs < stepDurationMs + warmupMs) throw invalidInput({ field: 'budgetMs', value: budgetMs, expected: `at least one step's warm-up plus hold (${warmupMs + stepDurationMs} ms)` });
  const workers = checkInteger(o.workers ?? 1, 'workers', { min: 1, max: 256 });
  const rules = { ...DEFAULT_BREAK_RULES, ...(o.breakRules ?? {}) };
  checkNumber(rules.errorLimit, 'breakRules.errorLimit', { min: 0, max: 1 });
  checkNumber(rules.throughputRatio, 'breakRules.throughputRatio', { min: 0, max: 1 });
  checkNumber(rules.minGain, 'breakRules.minGain', { min: 0, max: 1 });
  return {
    load: o.load,
    scenario: o.scenario,
    source: o.source,
    slos,
    mode,
    start,
    // An explicit step makes the ladder linear, as before; growth wins when both are given.
    step: o.growth === undefined ? step : undefined,
    growth,
    max,
    stepDurationMs,
    warmupMs,
    refineSteps: checkInteger(o.refineSteps ?? 8, 'refineSteps', { min: 0, max: 20 }),
    resolution: checkNumber(o.resolution ?? 0.05, 'resolution', { min: 0, max: 1 }),
    maxHolds: checkInteger(o.maxHolds ?? 3, 'maxHolds', { min: 1, max: 9 }),
    marginalBand: checkNumber(o.marginalBand ?? 0.2, 'marginalBand', { min: 0, max: 1 }),
    budgetMs,
    workers,
    pid: o.pid === undefined ? undefined : checkInteger(o.pid, 'pid', { min: 1 }),
    breakRules: rules,
    timeoutMs: checkNumber(o.timeoutMs ?? 10_000, 'timeoutMs', { above: 0 }),
    gracefulStopMs: checkNumber(o.gracefulStopMs ?? 2000, 'gracefulStopMs', { min: 0 }),
    onStep: o.onStep,
    generatorMeter: o.generatorMeter ?? processGeneratorMeter(workers),
    clock: o.clock ?? systemClock,
  };
}
