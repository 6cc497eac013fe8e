import type { RunResult } from '../core/index.js';
import { createPool } from './http/index.js';
import type { IterationContext, IterationSetup } from './iteration/IterationContext.js';
import { resolveLoadOptions, type LoadOptions } from './LoadOptions.js';
import { startLoad, type LoadRun } from './LoadRun.js';
import { ScenarioIteration } from './iteration/ScenarioIteration.js';
import { compileScenario, type CompiledScenario } from './scenario/compile/compileScenario.js';
import { loadScenario } from './scenario/compile/loadScenario.js';
import { MetricRegistry } from './scenario/metrics/MetricRegistry.js';
import type { NormalizedScenario } from './scenario/compile/normalizedModel.js';
import { mathRandom, seededRandom } from './scenario/random.js';
import { BUILTIN_METRICS, parseThreshold, type MetricSource, type Threshold } from './stats/thresholds.js';

/** Options of a scenario run: the load shape of `LoadOptions`, the requests from the scenario. */
export interface ScenarioRunOptions extends Omit<LoadOptions, 'url' | 'method' | 'headers' | 'body' | 'name' | 'iteration' | 'scenario'> {
  /** Scenario file (`.ts`, `.js`, `.yaml`) or a scenario `loadScenario` returned. Required. */
  scenario: string | NormalizedScenario;
  /** Origin overriding the scenario's `target` (`--target`); default the scenario's. */
  target?: string;
  /** Name of the option extra `thresholds` came from, for error messages; default `thresholds`. */
  thresholdField?: string;
  /** Seed for flow picks, think times, random rows and template functions; default unseeded. */
  seed?: number;
  /** What `setup` returned, when the caller already ran it (worker threads); default: run `setup` here. */
  setupData?: { value: unknown };
  /** Skip `teardown` (the caller runs it once for all workers); default false. */
  skipTeardown?: boolean;
  /** Registry the custom metrics are recorded into, owned by the caller (worker threads snapshot it); default a new one, freed at the end. */
  metrics?: MetricRegistry;
  /** This process's worker index and the number of workers, for VU numbers and data rows; default 0 of 1. */
  worker?: { index: number; count: number };
}

/**
 * Thresholds of a scenario run: the scenario's own (k6 form) and the extra ones given (the
 * `--threshold` grammar), parsed against the built-in and the scenario's custom metrics.
 */
export function scenarioThresholds(scenario: NormalizedScenario, extra: ReadonlyArray<string | Threshold> = [], field = 'thresholds'): Threshold[] {
  const metrics = { ...BUILTIN_METRICS, ...scenario.metrics };
  return [...scenario.thresholds, ...extra.map((t, i) => (typeof t === 'string' ? parseThreshold(t, { field: field.startsWith('-') ? field : `${field}[${i}]`, metrics }) : t))];
}

/**
 * Loads (when given a path) and compiles a scenario, runs its `setup` hook, and starts the load:
 * each iteration one weighted flow. Bad files, options and thresholds throw before any request.
 * The result carries the custom metrics in `summary.metrics`; `teardown` runs after the end with
 * what `setup` returned.
 *
 * @example
 * const run = await startScenario({ scenario: 'scenarios/checkout.yaml', vus: 20, durationMs: 60_000 });
 * process.once('SIGINT', () => run.stop('interrupted'));
 * const result = await run.result;
 */
export async function startScenario(options: ScenarioRunOptions): Promise<LoadRun> {
  const { scenario: given, target, seed, setupData, skipTeardown, worker, thresholdField, metrics: ownMetrics, ...load } = options;
  const scenario = typeof given === 'string' ? await loadScenario(given) : given;
  const compiled = compileScenario(scenario, { target });
  const thresholds = scenarioThresholds(scenario, load.thresholds, thresholdField);
  const loadOptions: LoadOptions = { ...load, url: compiled.target, scenario: scenario.name, thresholds };
  resolveLoadOptions(loadOptions);

  const data = setupData ? setupData.value : await scenario.hooks.setup?.({ env: process.env });
  const metrics = ownMetrics ?? new MetricRegistry(scenario.metrics);
  let run: LoadRun | undefined;
  const custom: MetricSource = {
    metrics: metrics.metrics,
    observe: (e) => {
      metrics.durationMs = run?.progress().elapsedMs;
      return metrics.observe(e);
    },
  };
  loadOptions.metricSources = [custom, ...(load.metricSources ?? [])];
  loadOptions.iteration = (context) => scenarioIteration(context, compiled, metrics, data, seed, worker);
  run = startLoad(loadOptions);
  const result = run.result.then(async (r: RunResult) => {
    if (Object.keys(metrics.metrics).length > 0) r.summary.metrics = metrics.summary();
    if (!ownMetrics) metrics.destroy();
    if (!skipTeardown) await runTeardown(scenario, data);
    return r;
  });
  return { ...run, options: run.options, result };
}

/**
 * Runs a scenario to its end and returns the result.
 *
 * @example
 * const result = await runScenario({ scenario: 'login.ts', target: 'http://127.0.0.1:3000', vus: 10, durationMs: 30_000 });
 */
export async function runScenario(options: ScenarioRunOptions): Promise<RunResult> {
  return (await startScenario(options)).result;
}

/** Runs the scenario's `teardown` with the setup data; a failing teardown is reported, not fatal. */
export async function runTeardown(scenario: NormalizedScenario, data: unknown): Promise<void> {
  try {
    await scenario.hooks.teardown?.(data);
  } catch (err) {
    process.emitWarning(`scenario teardown failed: ${(err as Error)?.message ?? String(err)}`);
  }
}

function scenarioIteration(
  { options: o, stats, recorder, clock }: IterationContext,
  compiled: CompiledScenario,
  metrics: MetricRegistry,
  data: unknown,
  seed: number | undefined,
  worker: ScenarioRunOptions['worker'],
): IterationSetup {
  const pool = createPool(compiled.target, {
    connections: o.connections,
    pipelining: o.pipelining,
    requestTimeoutMs: o.timeoutMs,
    connectTimeoutMs: Math.min(o.timeoutMs, 10_000),
    rejectUnauthorized: !o.insecure,
  });
  const index = worker?.index ?? 0;
  const count = worker?.count ?? 1;
  const rng = seed === undefined ? mathRandom : seededRandom(seed + index);
  const iteration = new ScenarioIteration({
    scenario: compiled,
    pool,
    stats,
    recorder,
    clock,
    metrics,
    rng,
    feeders: compiled.feeders({ rng, worker: index, workers: count }),
    picker: compiled.picker(rng),
    data,
    vuNumber: (id) => id * count + index + 1,
  });
  return {
    iteration,
    close: () => {
      iteration.stop();
      return pool.close();
    },
  };
}
