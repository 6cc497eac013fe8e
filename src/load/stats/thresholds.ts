import { aggregationName, invalidInput, parseExpression, satisfies, seriesKey, type Expression, type Observation, type ThresholdResult } from '../../core/index.js';

export type { Observation };

/** The type of a metric decides which aggregations make sense on it. */
export type MetricType = 'trend' | 'rate' | 'counter' | 'gauge';

/** Built-in metrics of a load run (docs/contracts.md). Scenario runs add custom metrics. */
export const BUILTIN_METRICS: Readonly<Record<string, MetricType>> = {
  http_req_duration: 'trend',
  http_req_failed: 'rate',
  error_rate: 'rate',
  http_reqs: 'counter',
  iterations: 'counter',
  dropped_iterations: 'counter',
  checks: 'rate',
};

const AGGREGATIONS: Readonly<Record<MetricType, readonly string[]>> = {
  trend: ['percentile', 'avg', 'min', 'max', 'med', 'count'],
  rate: ['rate', 'count'],
  counter: ['count', 'rate'],
  gauge: ['value', 'min', 'max'],
};

/** A threshold as configured: the parsed expression plus how a failure is treated. */
export interface Threshold {
  expression: Expression;
  /** `error` (default) fails the run; `warn` only reports. */
  level: 'error' | 'warn';
  /** Stop the run as soon as this threshold fails; default false. */
  abortOnFail: boolean;
  /** With `abortOnFail`: measured time before a failure may abort the run, ms; default 0. */
  delayAbortEvalMs?: number;
}

/** Something that can observe metrics for thresholds: the run's stats, custom metrics, ... */
export interface MetricSource {
  /** The metrics this source knows, with their type. */
  readonly metrics: Readonly<Record<string, MetricType>>;
  /** Observes the expression's metric, tag filter and aggregation; called only for its own metrics. */
  observe(expression: Expression): Observation;
}

/**
 * Parses and checks a threshold against the known metrics, before any load is sent: an unknown
 * metric or an aggregation that does not fit the metric's type is rejected naming the field.
 *
 * @example
 * parseThreshold('http_req_duration{name:login}:p(99)<500', { field: '--threshold' });
 */
export function parseThreshold(
  text: string,
  options: { field: string; file?: string; metrics?: Readonly<Record<string, MetricType>>; level?: 'error' | 'warn'; abortOnFail?: boolean },
): Threshold {
  const expression = parseExpression(text, { field: options.field, file: options.file });
  const metrics = options.metrics ?? BUILTIN_METRICS;
  const type = metrics[expression.metric];
  if (type === undefined) {
    throw invalidInput(
      { field: options.field, file: options.file, value: text, expected: `a known metric (${Object.keys(metrics).join(', ')})` },
      'LOADLINE_INVALID_EXPRESSION',
    );
  }
  if (!AGGREGATIONS[type].includes(expression.aggregation.kind)) {
    const allowed = AGGREGATIONS[type].map((a) => (a === 'percentile' ? 'p(N)' : a)).join(', ');
    throw invalidInput(
      { field: options.field, file: options.file, value: text, expected: `an aggregation of a ${type} metric for ${expression.metric}: ${allowed}` },
      'LOADLINE_INVALID_EXPRESSION',
    );
  }
  return { expression, level: options.level ?? 'error', abortOnFail: options.abortOnFail ?? false };
}

/**
 * Judges each threshold on the first source that knows its metric. A metric with no samples
 * fails and says so in `reason`; so does a metric no source knows.
 */
export function evaluateThresholds(thresholds: readonly Threshold[], sources: readonly MetricSource[]): ThresholdResult[] {
  return thresholds.map((t) => {
    const e = t.expression;
    const source = sources.find((s) => s.metrics[e.metric] !== undefined);
    const observation: Observation = source ? source.observe(e) : { value: null, reason: `unknown metric ${e.metric}` };
    const result: ThresholdResult = {
      expression: e.source,
      metric: seriesKey(e),
      observed: observation.value === null ? null : round(observation.value),
      ok: observation.value !== null && satisfies(e, observation.value),
      level: t.level,
    };
    if (t.abortOnFail) result.abortOnFail = true;
    if (observation.value === null) result.reason = observation.reason;
    else if (!result.ok) result.reason = `${seriesKey(e)} ${aggregationName(e.aggregation)} was ${result.observed}, expected ${e.operator} ${e.value}`;
    return result;
  });
}

/** True when no threshold of level `error` failed. */
export function thresholdsPassed(results: readonly ThresholdResult[]): boolean {
  return results.every((r) => r.ok || r.level === 'warn');
}

function round(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}
