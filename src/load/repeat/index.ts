/**
 * Repeated runs (`loadline run --repeat N`): the same load N times back to back, the run that
 * stands for them (closest to the median p95, as Lighthouse CI picks it), the result to keep with
 * every run's summary in `repeats`, and the spread of p95 and throughput over the runs.
 *
 * @example
 * import { runRepeated, formatRepeatSpread } from 'loadline/load';
 * const runs = await runRepeated({ url: 'http://127.0.0.1:3000/', vus: 10, durationMs: 10_000 }, { repeat: 5 });
 * console.log(formatRepeatSpread(runs)); // 5 runs: p95 12.1-15.0 ms (median 13.4), ...
 */
export { runRepeated, startRepeated, gatherRepeats, repeatSpread, formatRepeatSpread, type RepeatOptions, type RepeatedRuns, type RepeatedLoadRun, type RepeatSpread, type RepeatRange } from './runRepeated.js';
export { representativeIndex } from './representativeRun.js';
