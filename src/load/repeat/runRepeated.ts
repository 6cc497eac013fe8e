import { checkInteger, invalidInput, median, type RepeatedRunResult, type RunRepeat, type RunResult } from '../../core/index.js';
import { startLoad, type LoadRun } from '../LoadRun.js';
import type { LoadOptions } from '../LoadOptions.js';
import { startRunSampling, type RunSampling, type RunSamplingOptions } from '../sampling/RunSampling.js';
import { representativeIndex } from './representativeRun.js';

/** Options of `runRepeated` and `startRepeated`. */
export interface RepeatOptions {
  /** Runs back to back, 1 to 100; required. */
  repeat: number;
  /** Called as run `index` (0-based) of `total` starts; default none. */
  onRepeat?: (index: number, total: number) => void;
  /** Samples the target's monitor, Redis or PostgreSQL during each run (`startRunSampling`); default none. */
  sampling?: RunSamplingOptions;
}

/** Lowest, median and highest of one figure over the runs. */
export interface RepeatRange {
  min: number;
  median: number;
  max: number;
}

/** How far the runs of a repeated run are apart: total p95 and throughput over the completed runs (all runs when none completed). */
export interface RepeatSpread {
  /** Runs the ranges are over. */
  runs: number;
  /** Total p95 latency, ms. */
  p95Ms: RepeatRange;
  /** Total requests per second. */
  rps: RepeatRange;
}

/** What N runs back to back give. */
export interface RepeatedRuns {
  /** Every run's result, in run order (each with its own series and sampled server data). */
  results: RunResult[];
  /** Index in `results` of the run that stands for all of them (`representativeIndex`). */
  representativeIndex: number;
  /** That run's result, as it was. */
  representative: RunResult;
  /**
   * The result to keep: the representative run with every run's summary in `repeats` (no
   * `repeats` for a single run), its status `interrupted` or `aborted` when the last run was.
   * What `loadline run --repeat N --out FILE` writes.
   */
  result: RepeatedRunResult;
  /** The spread of p95 and throughput over the runs. */
  spread: RepeatSpread;
}

/** A repeated run in progress: a `LoadRun` whose progress is the current run's and whose `result` is the kept one (`RepeatedRuns.result`). */
export interface RepeatedLoadRun extends LoadRun {
  /** Resolves with every run, the representative and the spread once the last run ended. */
  readonly repeated: Promise<RepeatedRuns>;
}

function range(values: number[]): RepeatRange {
  return { min: Math.min(...values), median: median(values), max: Math.max(...values) };
}

/**
 * The spread of total p95 and throughput over the runs: completed runs only, unless none completed.
 *
 * @example
 * repeatSpread(results); // { runs: 3, p95Ms: { min: 12.1, median: 13.4, max: 15.0 }, rps: { ... } }
 */
export function repeatSpread(results: readonly RunResult[]): RepeatSpread {
  if (results.length === 0) throw invalidInput({ field: 'results', value: [], expected: 'at least one run result' });
  const completed = results.filter((r) => r.status === 'completed');
  const pool = completed.length ? completed : results;
  return { runs: pool.length, p95Ms: range(pool.map((r) => r.summary.total.latency.p95)), rps: range(pool.map((r) => r.summary.total.rps)) };
}

/**
 * The runs of a repeated run, gathered: the representative run (closest to the median p95, as
 * Lighthouse CI picks it), the result to keep (that run with every run's summary in `repeats`)
 * and the spread.
 *
 * @example
 * const { result, spread } = gatherRepeats([first, second, third]);
 */
export function gatherRepeats(results: readonly RunResult[]): RepeatedRuns {
  const pick = representativeIndex(results);
  const chosen = results[pick]!;
  let result: RepeatedRunResult = chosen;
  if (results.length > 1) {
    const repeats: RunRepeat[] = results.map((r, i) => ({
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      status: r.status,
      summary: r.summary,
      thresholds: r.thresholds,
      ...(i === pick ? { representative: true } : {}),
    }));
    // An interrupted or aborted series of runs says so, whichever run represents it.
    const last = results[results.length - 1]!;
    result = { ...chosen, status: last.status === 'completed' ? chosen.status : last.status, repeats };
  }
  return { results: [...results], representativeIndex: pick, representative: chosen, result, spread: repeatSpread(results) };
}

/**
 * Starts `startOne` `repeat` times, each run after the previous one ended, sampling each when
 * `sampling` asks for it, and returns a handle: progress is the current run's; `stop()` stops it
 * and starts no more. A run that did not complete (interrupted, aborted) ends the series. Bad
 * options (the count, a sampling URL) throw before the first run starts.
 *
 * @example
 * const run = await startRepeated(() => startScenario(options), { repeat: 5 });
 * process.once('SIGINT', () => run.stop());
 * const { result, spread } = await run.repeated;
 */
export async function startRepeated(startOne: () => LoadRun | Promise<LoadRun>, options: RepeatOptions): Promise<RepeatedLoadRun> {
  if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object with repeat' });
  const total = checkInteger(options.repeat, 'repeat', { min: 1, max: 100 });
  const startSampled = async (index: number): Promise<{ handle: LoadRun; result: Promise<RunResult> }> => {
    // What can refuse bad options (a sampling URL) comes first, so nothing else has started then.
    const sampling: RunSampling | undefined = options.sampling === undefined ? undefined : await startRunSampling(options.sampling);
    await sampling?.started;
    options.onRepeat?.(index, total);
    let handle: LoadRun;
    try {
      handle = await startOne();
    } catch (err) {
      await sampling?.cancel();
      throw err;
    }
    const result = sampling === undefined ? handle.result : handle.result.then(async (r) => (await sampling.finish(r), r));
    return { handle, result };
  };
  let current = await startSampled(0);
  let stopped = false;
  const repeated = (async () => {
    const results: RunResult[] = [];
    for (let i = 0; ; i++) {
      const r = await current.result;
      results.push(r);
      if (stopped || r.status !== 'completed' || i + 1 >= total) break;
      current = await startSampled(i + 1);
    }
    return gatherRepeats(results);
  })();
  const result = repeated.then((r) => r.result);
  // Unobserved rejections surface through `result` (the usual handle), not twice.
  repeated.catch(() => undefined);
  return {
    get options() {
      return current.handle.options;
    },
    get stats() {
      return current.handle.stats;
    },
    result,
    repeated,
    progress: () => current.handle.progress(),
    stop(status = 'interrupted') {
      stopped = true;
      current.handle.stop(status);
    },
  };
}

/**
 * Runs the same load `repeat` times back to back (`startLoad`) and gathers the runs: every
 * result, the representative one, the result to keep (with `repeats`, which `compareResults`
 * reads as independent runs) and the spread: what `loadline run --repeat N` does.
 *
 * @example
 * const { result, spread } = await runRepeated({ url: 'http://127.0.0.1:3000/', vus: 10, durationMs: 10_000 }, { repeat: 5 });
 * console.log(`p95 ${spread.p95Ms.min}-${spread.p95Ms.max} ms over ${spread.runs} runs`);
 */
export async function runRepeated(load: LoadOptions, options: RepeatOptions): Promise<RepeatedRuns> {
  const run = await startRepeated(() => startLoad(load), options);
  return run.repeated;
}

/**
 * The spread in one line, e.g. `3 runs: p95 12.1-15.0 ms (median 13.4), 950.2-1010.7 req/s (median 990.1); run 2 is the result`.
 *
 * @example
 * console.log(formatRepeatSpread(await runRepeated(options, { repeat: 3 })));
 */
export function formatRepeatSpread(runs: Pick<RepeatedRuns, 'spread' | 'representativeIndex' | 'results'>): string {
  const { spread } = runs;
  const ms = (v: number) => v.toFixed(1);
  const completed = spread.runs === runs.results.length ? '' : ` (${spread.runs} completed)`;
  return `${runs.results.length} runs${completed}: p95 ${ms(spread.p95Ms.min)}-${ms(spread.p95Ms.max)} ms (median ${ms(spread.p95Ms.median)}), ${ms(spread.rps.min)}-${ms(spread.rps.max)} req/s (median ${ms(spread.rps.median)}); run ${runs.representativeIndex + 1} is the result`;
}
