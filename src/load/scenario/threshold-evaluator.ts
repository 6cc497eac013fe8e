import { aggregationName, satisfies, seriesKey, type Aggregation, type ThresholdResult } from '../../core/index.js';
import type { ThresholdRule } from './normalized-model.js';

/**
 * Reads the aggregated value of a metric series for a threshold: `metric` with its tag filter,
 * e.g. `http_req_duration` + `{ name: 'login' }`. Null when the series has no samples.
 */
export type MetricLookup = (metric: string, tags: Readonly<Record<string, string>>, aggregation: Aggregation) => number | null;

export interface ThresholdVerdict {
  results: ThresholdResult[];
  /** Some `error`-level threshold failed. */
  failed: boolean;
  /** Some `abortOnFail` threshold failed past its `delayAbortEval`. */
  abort: boolean;
}

/**
 * Judges thresholds against the run's metrics. A threshold on a series with no samples fails and
 * says so; `warn` thresholds report without failing the run. `elapsedMs` is the test time so far,
 * for `abortOnFail` with `delayAbortEval` during the run.
 *
 * @example
 * const verdict = evaluateThresholds(scenario.thresholds, (m, tags, agg) => stats.aggregate(m, tags, agg), 12_000);
 * if (verdict.abort) engine.stop('aborted');
 */
export function evaluateThresholds(rules: readonly ThresholdRule[], lookup: MetricLookup, elapsedMs = Infinity): ThresholdVerdict {
  const results: ThresholdResult[] = [];
  let failed = false;
  let abort = false;
  for (const rule of rules) {
    const e = rule.expression;
    const observed = lookup(e.metric, e.tags, e.aggregation);
    const ok = observed !== null && satisfies(e, observed);
    const result: ThresholdResult = {
      expression: `${seriesKey(e)}:${aggregationName(e.aggregation)}${e.operator}${e.value}`,
      metric: seriesKey(e),
      observed,
      ok,
      level: rule.level,
    };
    if (rule.abortOnFail) result.abortOnFail = true;
    if (observed === null) result.reason = `no samples for ${seriesKey(e)}`;
    results.push(result);
    if (!ok && rule.level === 'error') failed = true;
    if (!ok && rule.abortOnFail && elapsedMs >= rule.delayAbortEvalMs) abort = true;
  }
  return { results, failed, abort };
}
