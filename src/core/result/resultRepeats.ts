/**
 * `repeats`: the additive v1 field `loadline run --repeat N` writes. The file's own summary,
 * series and histograms are those of the representative (median) run; `repeats` keeps every run's
 * summary, in run order, so a regression gate can treat them as independent repeats.
 */
import type { RunResult, ThresholdResult } from './result.js';

/** One of the N runs of `loadline run --repeat N`. */
export interface RunRepeat {
  startedAt: string;
  endedAt: string;
  status: RunResult['status'];
  summary: RunResult['summary'];
  thresholds: ThresholdResult[];
  /** True on the run whose summary, series and histograms the file holds. */
  representative?: boolean;
}

/** A result file that may carry `repeats`. */
export type RepeatedRunResult = RunResult & { repeats?: RunRepeat[] };

/**
 * The independent runs a result file stands for: one per entry of `repeats` (each with that
 * run's summary and thresholds), or the file itself when it has fewer than two.
 *
 * @example
 * const runs = files.flatMap(expandRepeats); // compare these as independent repeats
 */
export function expandRepeats(result: RunResult): RunResult[] {
  const repeats = (result as RepeatedRunResult).repeats;
  if (!Array.isArray(repeats) || repeats.length < 2) return [result];
  return repeats.map((r) => ({ ...result, startedAt: r.startedAt, endedAt: r.endedAt, status: r.status, summary: r.summary, thresholds: r.thresholds }));
}
