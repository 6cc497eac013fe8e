import { median, type RunResult } from '../../core/index.js';

/**
 * Picks the run that stands for N repeats, as Lighthouse CI does: the one closest to the median
 * of total p95 latency, ties broken by closeness to the median throughput, then by run order.
 * Completed runs are preferred over interrupted or aborted ones. Returns its index.
 *
 * @example
 * const best = results[representativeIndex(results)];
 */
export function representativeIndex(results: readonly RunResult[]): number {
  if (results.length === 0) throw new RangeError('representativeIndex: no runs');
  const completed = results.map((r, i) => i).filter((i) => results[i]!.status === 'completed');
  const pool = completed.length ? completed : results.map((_, i) => i);
  const p95 = median(pool.map((i) => results[i]!.summary.total.latency.p95));
  const rps = median(pool.map((i) => results[i]!.summary.total.rps));
  let best = pool[0]!;
  let bestKey = [Infinity, Infinity];
  for (const i of pool) {
    const s = results[i]!.summary.total;
    const key = [Math.abs(s.latency.p95 - p95), Math.abs(s.rps - rps)];
    if (key[0]! < bestKey[0]! || (key[0] === bestKey[0] && key[1]! < bestKey[1]!)) {
      best = i;
      bestKey = key;
    }
  }
  return best;
}
