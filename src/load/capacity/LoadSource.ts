import { invalidInput, type RunResult } from '../../core/index.js';
import type { LoadOptions } from '../LoadOptions.js';
import { runLoad } from '../LoadRun.js';
import { runScenario } from '../ScenarioRun.js';
import { loadScenario } from '../scenario/compile/loadScenario.js';
import { startWorkers } from '../workers/startWorkers.js';
import type { NormalizedScenario } from '../scenario/compile/normalizedModel.js';

/** What each step sends with a URL target: the request; the search sets load level, durations and thresholds per step. */
export type StepLoad = Omit<LoadOptions, 'model' | 'rate' | 'vus' | 'stages' | 'durationMs' | 'warmupMs' | 'amount' | 'thresholds' | 'onInterval' | 'clock'>;

/** A scenario as a target: each iteration one weighted flow of the scenario. */
export interface ScenarioSource {
  /** Scenario file (`.ts`, `.js`, `.yaml`) or what `loadScenario` returned. Required. */
  file: string | NormalizedScenario;
  /** Origin overriding the scenario's `target`; default the scenario's. */
  target?: string;
  /** Seed for flow picks, think times and data rows; default unseeded. */
  seed?: number;
}

/** The load shape a capacity, spike or soak run sets on each run. */
export type LoadShape = Pick<LoadOptions, 'model' | 'rate' | 'vus' | 'stages' | 'durationMs' | 'warmupMs' | 'thresholds' | 'timeoutMs' | 'gracefulStopMs'>;

/** A ready target: runs one shaped load against the URL or the scenario. */
export interface PreparedSource {
  /** The URL, or the scenario's name. */
  readonly name: string;
  run(shape: LoadShape): Promise<RunResult>;
}

/**
 * Checks that exactly one of `load` (a URL's request) and `scenario` is given, and loads the
 * scenario file once, so a bad file fails before any load is sent. With `workers` above 1 each
 * run is spread over that many worker threads (a scenario must then be a file, which each loads).
 */
export async function prepareSource(o: { load?: StepLoad | undefined; scenario?: ScenarioSource | undefined; workers?: number | undefined }): Promise<PreparedSource> {
  if ((o.load === undefined) === (o.scenario === undefined)) {
    throw invalidInput({ field: 'load', value: o.load === undefined ? 'neither' : 'both', expected: 'exactly one target: load ({ url }) or scenario ({ file })' });
  }
  const workers = o.workers ?? 1;
  if (o.load) {
    const load = o.load;
    if (typeof load !== 'object' || typeof load.url !== 'string') throw invalidInput({ field: 'load.url', value: load?.url, expected: 'the URL each step requests' });
    const options = (shape: LoadShape) => ({ ...load, ...shape, timeoutMs: load.timeoutMs ?? shape.timeoutMs, gracefulStopMs: load.gracefulStopMs ?? shape.gracefulStopMs });
    if (workers > 1) {
      if (load.iteration || load.metricSources || load.onIntervalHistogram || load.onEnd) {
        throw invalidInput({ field: 'workers', value: workers, expected: '1 with a custom iteration, metric sources or stats hooks (they cannot cross to worker threads)' });
      }
      return {
        name: load.url,
        run: async (shape) => {
          const { iteration: _i, metricSources: _m, onIntervalHistogram: _h, onEnd: _e, scenario: _s, ...plain } = options(shape);
          return (await startWorkers({ ...plain, workers })).result;
        },
      };
    }
    return { name: load.url, run: (shape) => runLoad(options(shape)) };
  }
  const source = o.scenario!;
  const scenario = typeof source.file === 'string' ? await loadScenario(source.file) : source.file;
  const overrides = { ...(source.target !== undefined ? { target: source.target } : {}), ...(source.seed !== undefined ? { seed: source.seed } : {}) };
  const name = typeof source.file === 'string' ? source.file : scenario.name;
  if (workers > 1) {
    if (typeof source.file !== 'string') throw invalidInput({ field: 'scenario.file', value: scenario.name, expected: 'a scenario file path when workers is above 1 (each worker thread loads it)' });
    const file = source.file;
    return { name, run: async (shape) => (await startWorkers({ ...shape, workers, scenario: { file, ...overrides } })).result };
  }
  return { name, run: (shape) => runScenario({ scenario, ...shape, ...overrides }) };
}
