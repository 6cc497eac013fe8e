import type { ThresholdResult } from '../../../core/index.js';
import type { ThresholdRule } from '../compile/normalizedModel.js';

/**
 * Whether the run must stop now: some `abortOnFail` threshold failed and the test has run at
 * least its `delayAbortEval`. `results` are the engine's `evaluateThresholds(rules, sources)`, in
 * the order of `rules`.
 *
 * @example
 * const results = evaluateThresholds(scenario.thresholds, [stats, metrics]);
 * if (shouldAbort(scenario.thresholds, results, clock.now() - startedAt)) run.stop('aborted');
 */
export function shouldAbort(rules: readonly ThresholdRule[], results: readonly ThresholdResult[], elapsedMs: number): boolean {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (rule.abortOnFail && results[i] && !results[i]!.ok && elapsedMs >= rule.delayAbortEvalMs) return true;
  }
  return false;
}
