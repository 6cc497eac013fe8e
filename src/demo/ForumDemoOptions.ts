import { checkInteger, checkKnownKeys, checkNumber, invalidInput } from '../core/index.js';

/** Options of `runForumDemo`. */
export interface ForumDemoOptions {
  /** Small data, short holds and budgets: the same steps in about half a minute (tests); default false. */
  quick?: boolean;
  /** Forum data volume (see ForumOptions.scale); default 1, also with `quick` (a scan of fewer posts can stay under the query monitor's 10 ms slow threshold, and then is never explained). */
  scale?: number;
  /** Seed of the forum's data and of the scenario's random picks; default 1. */
  seed?: number;
  /** SLOs each search is judged on; default seed 003's: `p(95)<127` and errors under 1 %. */
  slos?: readonly string[];
  /** Time budget of each service's capacity search; default 80000 (12000 with `quick`). Milliseconds. */
  searchBudgetMs?: number;
  /** Measured hold of each search step; default 3000 (700 with `quick`). Milliseconds. */
  stepDurationMs?: number;
  /** Unmeasured warm-up before each hold; default 1000 (300 with `quick`). Milliseconds. */
  warmupMs?: number;
  /** First step's arrival rate of both searches; default 25 (50 with `quick`). Per second. */
  start?: number;
  /** Hold at the naive service's max rate on both services, for the p95 comparison; default 5000 (1000 with `quick`). Milliseconds. */
  compareHoldMs?: number;
  /** Requests the comparison hold aims for: at a low rate it lasts longer than `compareHoldMs`, up to 10 s; default 200 (50 with `quick`). */
  compareSamples?: number;
  /** How long logins run in the event-loop probe (two monitor intervals hold one whole); default 2200 (1200 with `quick`). Milliseconds. */
  loginProbeMs?: number;
  /** Stops the demo: the running search ends, both services close, what was measured is kept; default none. */
  signal?: AbortSignal;
  /** Told each step of the demo as it happens (the CLI prints them); default none. */
  onEvent?: (event: import('./DemoEvents.js').DemoEvent) => void;
}

export interface ResolvedForumDemoOptions {
  quick: boolean;
  scale: number;
  seed: number;
  slos: string[];
  searchBudgetMs: number;
  stepDurationMs: number;
  warmupMs: number;
  start: number;
  compareHoldMs: number;
  compareSamples: number;
  loginProbeMs: number;
  signal: AbortSignal | undefined;
  onEvent: NonNullable<ForumDemoOptions['onEvent']>;
}

/** Seed 003's SLOs (its k6 thresholds). */
export const SEED_003_SLOS: readonly string[] = ['http_req_duration:p(95)<127', 'http_req_failed:rate<0.01'];

const KNOWN: ReadonlyArray<keyof ForumDemoOptions> = ['quick', 'scale', 'seed', 'slos', 'searchBudgetMs', 'stepDurationMs', 'warmupMs', 'start', 'compareHoldMs', 'compareSamples', 'loginProbeMs', 'signal', 'onEvent'];

/** Validates the demo's options at the boundary, naming the field, the value and what was expected. */
export function resolveForumDemoOptions(o: ForumDemoOptions = {}): ResolvedForumDemoOptions {
  if (typeof o !== 'object' || o === null) throw invalidInput({ field: 'options', value: o, expected: 'an options object' });
  checkKnownKeys(o, KNOWN);
  if (o.quick !== undefined && typeof o.quick !== 'boolean') throw invalidInput({ field: 'quick', value: o.quick, expected: 'true or false' });
  const quick = o.quick ?? false;
  if (o.slos !== undefined && (!Array.isArray(o.slos) || o.slos.length === 0 || o.slos.some((s) => typeof s !== 'string'))) {
    throw invalidInput({ field: 'slos', value: o.slos, expected: "at least one SLO expression, e.g. 'http_req_duration:p(95)<127'" });
  }
  if (o.onEvent !== undefined && typeof o.onEvent !== 'function') throw invalidInput({ field: 'onEvent', value: o.onEvent, expected: 'a function' });
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) throw invalidInput({ field: 'signal', value: o.signal, expected: 'an AbortSignal' });
  const stepDurationMs = checkNumber(o.stepDurationMs ?? (quick ? 700 : 3000), 'stepDurationMs', { min: 100 });
  const warmupMs = checkNumber(o.warmupMs ?? (quick ? 300 : 1000), 'warmupMs', { min: 0 });
  const searchBudgetMs = checkNumber(o.searchBudgetMs ?? (quick ? 12_000 : 80_000), 'searchBudgetMs', { min: stepDurationMs + warmupMs });
  return {
    quick,
    scale: checkNumber(o.scale ?? 1, 'scale', { min: 0.01, max: 20 }),
    seed: checkInteger(o.seed ?? 1, 'seed', { min: 0 }),
    slos: [...(o.slos ?? SEED_003_SLOS)],
    searchBudgetMs,
    stepDurationMs,
    warmupMs,
    start: checkNumber(o.start ?? (quick ? 50 : 25), 'start', { above: 0, max: 1_000_000 }),
    compareHoldMs: checkNumber(o.compareHoldMs ?? (quick ? 1000 : 5000), 'compareHoldMs', { min: 100 }),
    compareSamples: checkInteger(o.compareSamples ?? (quick ? 50 : 200), 'compareSamples', { min: 1 }),
    loginProbeMs: checkNumber(o.loginProbeMs ?? (quick ? 1200 : 2200), 'loginProbeMs', { min: 100 }),
    signal: o.signal,
    onEvent: o.onEvent ?? (() => {}),
  };
}
