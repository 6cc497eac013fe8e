import { checkInteger, checkNumber, checkOneOf, invalidInput, systemClock, type Clock, type RunResult } from '../../core/index.js';
import type { Threshold } from '../thresholds.js';
import type { ScenarioSource, StepLoad } from './LoadSource.js';
import { DEFAULT_BREAK_RULES, type BreakRules, type FindStep } from './LoadStep.js';
import { parseSlo } from './Slo.js';

/** Options of `findCapacity`. */
export interface CapacityOptions {
  /** The request each step sends (`url`, method, headers, body); this or `scenario` is required. */
  load?: StepLoad;
  /** A scenario each step runs (its thresholds count as SLOs too); this or `load` is required. */
  scenario?: ScenarioSource;
  /** SLOs every step is judged on, threshold grammar; a bare `p(95)<127` means http_req_duration. At least one. */
  slos: ReadonlyArray<string | Threshold>;
  /** `rate`: open model, offered load is arrivals/s; `vus`: closed model, offered load is VUs. Default `rate`. */
  mode?: 'rate' | 'vus';
  /** First step's load (per second or VUs); default 100 (rate) or 10 (vus). */
  start?: number;
  /** Added at each step; default `start`. Ignored when `growth` is set. */
  step?: number;
  /** Multiplies the load at each step instead of adding `step` (e.g. 1.5); default none. */
  growth?: number;
  /** Highest load the ladder offers; default 2500 (rate) or 1000 (vus). */
  max?: number;
  /** Measured hold of each step, ms; default 20 000. */
  stepDurationMs?: number;
  /** Unmeasured warm-up before each hold, ms; default 5000. */
  warmupMs?: number;
  /** Most bisection steps between the last passing and first failing load; default 3. */
  refineSteps?: number;
  /** Stop bisecting when the gap is below this fraction of the passing load; default 0.05. */
  resolution?: number;
  /** Total time the search may take, ms; default 300 000 (5 min). */
  budgetMs?: number;
  /** Target process id: CPU % and RSS per step from /proc (Linux); default none. */
  pid?: number;
  /** When a step counts as broken; defaults errorLimit 0.05, throughputRatio 0.9, minGain 0. */
  breakRules?: Partial<BreakRules>;
  /** Per-request timeout, ms; default 5000. */
  timeoutMs?: number;
  /** How long a step's in-flight requests may finish after its hold, ms; default 2000. */
  gracefulStopMs?: number;
  /** Called after each step with its row and its full run result. */
  onStep?: (step: FindStep, result: RunResult) => void;
  /** Time source for the budget; default the system clock. */
  clock?: Clock;
}

export interface ResolvedCapacityOptions {
  load: StepLoad | undefined;
  scenario: ScenarioSource | undefined;
  slos: Threshold[];
  mode: 'rate' | 'vus';
  start: number;
  step: number;
  growth: number | undefined;
  max: number;
  stepDurationMs: number;
  warmupMs: number;
  refineSteps: number;
  resolution: number;
  budgetMs: number;
  pid: number | undefined;
  breakRules: BreakRules;
  timeoutMs: number;
  gracefulStopMs: number;
  onStep: CapacityOptions['onStep'];
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
  const step = check(o.step ?? start, 'step');
  const growth = o.growth === undefined ? undefined : checkNumber(o.growth, 'growth', { above: 1, max: 100 });
  const max = check(o.max ?? (vus ? 1000 : 2500), 'max');
  if (max < start) throw invalidInput({ field: 'max', value: max, expected: `a load of at least start (${start})` });
  const stepDurationMs = checkNumber(o.stepDurationMs ?? 20_000, 'stepDurationMs', { min: 100 });
  const warmupMs = checkNumber(o.warmupMs ?? 5000, 'warmupMs', { min: 0 });
  const budgetMs = checkNumber(o.budgetMs ?? 300_000, 'budgetMs', { above: 0 });
  if (budgetMs < stepDurationMs + warmupMs) throw invalidInput({ field: 'budgetMs', value: budgetMs, expected: `at least one step's warm-up plus hold (${warmupMs + stepDurationMs} ms)` });
  const rules = { ...DEFAULT_BREAK_RULES, ...(o.breakRules ?? {}) };
  checkNumber(rules.errorLimit, 'breakRules.errorLimit', { min: 0, max: 1 });
  checkNumber(rules.throughputRatio, 'breakRules.throughputRatio', { min: 0, max: 1 });
  checkNumber(rules.minGain, 'breakRules.minGain', { min: 0, max: 1 });
  return {
    load: o.load,
    scenario: o.scenario,
    slos,
    mode,
    start,
    step,
    growth,
    max,
    stepDurationMs,
    warmupMs,
    refineSteps: checkInteger(o.refineSteps ?? 3, 'refineSteps', { min: 0, max: 20 }),
    resolution: checkNumber(o.resolution ?? 0.05, 'resolution', { min: 0, max: 1 }),
    budgetMs,
    pid: o.pid === undefined ? undefined : checkInteger(o.pid, 'pid', { min: 1 }),
    breakRules: rules,
    timeoutMs: checkNumber(o.timeoutMs ?? 5000, 'timeoutMs', { above: 0 }),
    gracefulStopMs: checkNumber(o.gracefulStopMs ?? 2000, 'gracefulStopMs', { min: 0 }),
    onStep: o.onStep,
    clock: o.clock ?? systemClock,
  };
}
