import { invalidInput } from './errors/errors.js';

/**
 * The one expression grammar loadline uses for thresholds, SLOs, alert rules, budgets and gates:
 *
 *     metric[{tag:value,...}] : aggregation operator number[unit]
 *
 * `http_req_duration:p(95)<127`, `http_req_failed:rate<0.01`, `http_reqs:rate>2340`,
 * `http_req_duration{name:login}:p(99)<500`, `http_req_duration:p(95) < 1.5s`.
 * Durations take `us`, `ms` (the default) or `s` and are normalized to milliseconds;
 * a `%` suffix divides by 100 (`http_req_failed:rate<1%`).
 */
export type Aggregation =
  | { kind: 'percentile'; p: number }
  | { kind: 'avg' | 'min' | 'max' | 'med' | 'rate' | 'count' | 'value' };

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Expression {
  /** The text as written. */
  source: string;
  metric: string;
  /** Tag filters, e.g. `{ name: 'login' }`; empty when none. */
  tags: Readonly<Record<string, string>>;
  aggregation: Aggregation;
  operator: Operator;
  /** Right-hand side, durations in milliseconds, percentages as fractions. */
  value: number;
}

/**
 * What an expression's metric and aggregation come to in a run: a value, or why there is none
 * (no samples, a tag filter the metric does not support). Thresholds, budgets and SLOs judge it.
 */
export type Observation = { value: number } | { value: null; reason: string };

export interface ParseOptions {
  /** Where the expression came from, for the error (`--threshold`, `thresholds.http_req_duration[0]`). */
  field?: string;
  file?: string;
  /** Metric assumed when the expression has none (`p(95)<127` for SLOs): default none (required). */
  defaultMetric?: string;
  /** Metric assumed fixed, as in k6's `thresholds: { metric: ['p(95)<127'] }`: the text holds only `aggregation op value`. */
  metric?: string;
}

const EXPECTED = "an expression 'metric[{tag:value}]:aggregation operator number', e.g. 'http_req_duration:p(95)<127' or 'http_req_failed:rate<0.01'";
const METRIC = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const AGGREGATION = /^(?:p\(\s*(\d+(?:\.\d+)?)\s*\)|p(\d+(?:\.\d+)?)|(avg|min|max|med|rate|count|value))$/;
const COMPARISON = /^(.*?)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(us|µs|ms|s|%)?\s*$/i;
const UNIT_FACTOR: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, '%': 0.01 };

export function parseExpression(text: string, options: ParseOptions = {}): Expression {
  const fail = (why?: string) =>
    invalidInput(
      { field: options.field ?? 'expression', file: options.file, value: text, expected: why ? `${EXPECTED} (${why})` : EXPECTED },
      'LOADLINE_INVALID_EXPRESSION',
    );
  if (typeof text !== 'string' || text.trim() === '') throw fail();
  const cmp = COMPARISON.exec(text.trim());
  if (!cmp) throw fail('no comparison such as <127 found');
  const [, left = '', operator, number, unit] = cmp;

  let metricPart: string;
  let aggPart: string;
  if (options.metric !== undefined) {
    metricPart = options.metric;
    aggPart = left.trim();
  } else {
    // The metric ends at the first ':' outside a tag filter's braces.
    const brace = left.indexOf('}');
    const colon = left.indexOf(':', brace === -1 ? 0 : brace);
    if (colon === -1) {
      if (options.defaultMetric === undefined) throw fail('missing metric before ":"');
      metricPart = options.defaultMetric;
      aggPart = left.trim();
    } else {
      metricPart = left.slice(0, colon).trim();
      aggPart = left.slice(colon + 1).trim();
    }
  }

  let metric = metricPart;
  const tags: Record<string, string> = {};
  const open = metricPart.indexOf('{');
  if (open !== -1) {
    if (!metricPart.endsWith('}')) throw fail('unclosed tag filter');
    metric = metricPart.slice(0, open).trim();
    for (const pair of metricPart.slice(open + 1, -1).split(',')) {
      const sep = pair.indexOf(':');
      const key = pair.slice(0, sep).trim();
      const val = pair.slice(sep + 1).trim();
      if (sep === -1 || !key || !val) throw fail(`bad tag filter ${JSON.stringify(pair.trim())}, expected tag:value`);
      tags[key] = val;
    }
  }
  if (!METRIC.test(metric)) throw fail(`bad metric name ${JSON.stringify(metric)}`);

  const agg = AGGREGATION.exec(aggPart);
  if (!agg) throw fail(`unknown aggregation ${JSON.stringify(aggPart)}; use p(N), avg, min, max, med, rate, count or value`);
  let aggregation: Aggregation;
  if (agg[1] !== undefined || agg[2] !== undefined) {
    const p = Number(agg[1] ?? agg[2]);
    if (!(p >= 0 && p <= 100)) throw fail('percentile must be between 0 and 100');
    aggregation = { kind: 'percentile', p };
  } else {
    aggregation = { kind: agg[3] as 'avg' };
  }

  const factor = unit ? UNIT_FACTOR[unit.toLowerCase()] ?? 1 : 1;
  return { source: text.trim(), metric, tags, aggregation, operator: operator as Operator, value: Number(number) * factor };
}

/** True when `observed` satisfies the expression's comparison. */
export function satisfies(expression: Pick<Expression, 'operator' | 'value'>, observed: number): boolean {
  const v = expression.value;
  switch (expression.operator) {
    case '<':
      return observed < v;
    case '<=':
      return observed <= v;
    case '>':
      return observed > v;
    case '>=':
      return observed >= v;
    case '==':
      return observed === v;
    case '!=':
      return observed !== v;
  }
}

/** `p(95)`, `avg`, `rate`: the aggregation as written in the grammar. */
export function aggregationName(aggregation: Aggregation): string {
  return aggregation.kind === 'percentile' ? `p(${aggregation.p})` : aggregation.kind;
}

/** A stable key for the metric and its tag filter: `http_req_duration{name:login}`. */
export function seriesKey(expression: Pick<Expression, 'metric' | 'tags'>): string {
  const tags = Object.entries(expression.tags).sort(([a], [b]) => a.localeCompare(b));
  return tags.length ? `${expression.metric}{${tags.map(([k, v]) => `${k}:${v}`).join(',')}}` : expression.metric;
}
