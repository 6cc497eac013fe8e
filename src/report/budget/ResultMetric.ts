import { Histogram, invalidInput, parseExpression, satisfies, seriesKey, type CustomMetricSummary, type EndpointSummary, type Expression, type Observation, type RunResult } from '../../core/index.js';

export type { Observation };

function endpointOf(result: RunResult, tags: Readonly<Record<string, string>>): EndpointSummary | string {
  const name = tags.name ?? tags.endpoint;
  if (name === undefined) return result.summary.total;
  return result.summary.endpoints.find((e) => e.name === name) ?? `no endpoint named ${JSON.stringify(name)} in the result`;
}

function latency(result: RunResult, e: EndpointSummary, expr: Expression): number {
  const a = expr.aggregation;
  if (a.kind === 'percentile') {
    const encoded = e === result.summary.total ? result.histograms.total : result.histograms.endpoints[e.name];
    if (encoded) {
      const h = Histogram.decode(encoded);
      try {
        return h.percentile(a.p) / 1000;
      } finally {
        h.destroy();
      }
    }
    const known: Record<number, number> = { 50: e.latency.p50, 90: e.latency.p90, 95: e.latency.p95, 99: e.latency.p99, 99.9: e.latency.p999 };
    if (known[a.p] !== undefined) return known[a.p]!;
  }
  switch (a.kind) {
    case 'avg':
      return e.latency.mean;
    case 'min':
      return e.latency.min;
    case 'max':
      return e.latency.max;
    case 'med':
      return e.latency.p50;
  }
  throw invalidInput({ field: expr.source, value: expr.source, expected: 'http_req_duration with p(N), avg, min, max or med' }, 'LOADLINE_INVALID_EXPRESSION');
}

/**
 * Observes an expression's metric in a result: `http_req_duration` (p(N) from the stored HDR
 * histogram, avg, min, max, med), `http_req_failed`/`error_rate` (rate), `http_reqs` (count, rate),
 * `checks` (rate), `iterations`, `dropped_iterations`, and custom metrics of `summary.metrics`.
 * A `{name:...}` tag selects an endpoint.
 *
 * @example
 * observe(result, parseExpression('http_req_duration{name:GET /users}:p(95)<200'));
 */
export function observe(result: RunResult, expr: Expression): Observation {
  if (!BUILT_IN.has(expr.metric)) return observeCustom(result, expr);
  const e = endpointOf(result, expr.tags);
  if (typeof e === 'string') return { value: null, reason: e };
  const kind = expr.aggregation.kind;
  const unsupported = () => invalidInput({ field: expr.source, value: kind === 'percentile' ? `p(${expr.aggregation.kind === 'percentile' ? expr.aggregation.p : ''})` : kind, expected: `an aggregation that ${expr.metric} has` }, 'LOADLINE_INVALID_EXPRESSION');
  switch (expr.metric) {
    case 'http_req_duration':
      return e.requests === 0 ? { value: null, reason: `no samples for ${expr.metric}` } : { value: latency(result, e, expr) };
    case 'http_req_failed':
    case 'error_rate':
      if (kind !== 'rate') throw unsupported();
      return { value: e === result.summary.total ? result.summary.errorRate : e.requests ? e.errors.total / e.requests : 0 };
    case 'http_reqs':
      if (kind === 'count') return { value: e.requests };
      if (kind === 'rate') return { value: e.rps };
      throw unsupported();
    case 'checks':
      if (kind !== 'rate') throw unsupported();
      return result.summary.checks ? { value: result.summary.checks.rate } : { value: null, reason: 'the result has no checks' };
    case 'iterations':
    case 'dropped_iterations': {
      const it = result.summary.iterations;
      if (!it) return { value: null, reason: 'the result has no iterations' };
      if (expr.metric === 'dropped_iterations') return { value: it.dropped };
      return { value: kind === 'rate' ? it.rate : it.count };
    }
  }
  throw unsupported();
}

const BUILT_IN = new Set(['http_req_duration', 'http_req_failed', 'error_rate', 'http_reqs', 'checks', 'iterations', 'dropped_iterations']);

/**
 * A custom metric of `summary.metrics`: its total, or with tags the series of exactly those tags,
 * else every series holding them (as thresholds select them). Several series combine for counts,
 * rates, means and extremes; their percentiles cannot be combined from the stored summaries.
 */
function observeCustom(result: RunResult, expr: Expression): Observation {
  const metrics = result.summary.metrics ?? {};
  const total = metrics[expr.metric];
  if (total === undefined) return { value: null, reason: `no metric ${expr.metric} in the result` };
  const filter = Object.entries(expr.tags);
  const key = seriesKey(expr);
  let series: CustomMetricSummary[] = [total];
  if (filter.length > 0) {
    const exact = metrics[key];
    series = exact ? [exact] : Object.values(metrics).filter((m) => m.metric === expr.metric && m.tags !== undefined && filter.every(([k, v]) => m.tags![k] === v));
  }
  series = series.filter((m) => (m.count ?? 0) > 0);
  if (series.length === 0) return { value: null, reason: `no samples for ${key}` };
  const a = expr.aggregation;
  const type = total.type;
  const unsupported = () => invalidInput({ field: expr.source, value: a.kind === 'percentile' ? `p(${a.p})` : a.kind, expected: `an aggregation a ${type} metric has` }, 'LOADLINE_INVALID_EXPRESSION');
  const sum = (f: (m: CustomMetricSummary) => number) => series.reduce((acc, m) => acc + f(m), 0);
  const count = sum((m) => m.count!);
  const weighted = (f: (m: CustomMetricSummary) => number) => sum((m) => f(m) * m.count!) / count;
  switch (type) {
    case 'counter':
      if (a.kind === 'count' || a.kind === 'value') return { value: sum((m) => m.value) };
      if (a.kind === 'rate') return { value: sum((m) => m.value) / (result.summary.durationMs / 1000) };
      throw unsupported();
    case 'rate':
      if (a.kind === 'count') return { value: count };
      if (a.kind === 'rate' || a.kind === 'value') return { value: weighted((m) => m.rate ?? m.value) };
      throw unsupported();
    case 'gauge':
      if (series.length > 1 && (a.kind === 'value' || a.kind === 'avg')) return { value: null, reason: `${key} selects ${series.length} gauge series: name one series` };
      if (a.kind === 'value' || a.kind === 'avg') return { value: series[0]!.value };
      if (a.kind === 'min') return { value: Math.min(...series.map((m) => m.min ?? m.value)) };
      if (a.kind === 'max') return { value: Math.max(...series.map((m) => m.max ?? m.value)) };
      throw unsupported();
    case 'trend': {
      if (a.kind === 'count') return { value: count };
      if (a.kind === 'avg' || a.kind === 'value') return { value: weighted((m) => m.value) };
      if (a.kind === 'min') return { value: Math.min(...series.map((m) => m.latency?.min ?? m.value)) };
      if (a.kind === 'max') return { value: Math.max(...series.map((m) => m.latency?.max ?? m.value)) };
      if (a.kind !== 'med' && a.kind !== 'percentile') throw unsupported();
      const p = a.kind === 'percentile' ? a.p : 50;
      if (series.length > 1) return { value: null, reason: `${key} selects ${series.length} series: the result keeps each one's percentiles, not their merge; name one series` };
      const l = series[0]!.latency;
      const kept: Record<number, number | undefined> = { 50: l?.p50, 90: l?.p90, 95: l?.p95, 99: l?.p99, 99.9: l?.p999 };
      const v = kept[p];
      return v === undefined ? { value: null, reason: `p(${p}) of ${key} is not in the result (it keeps p50, p90, p95, p99 and p99.9)` } : { value: v };
    }
  }
}

/** Parses and judges an SLO expression against a result. */
export function judgeSlo(result: RunResult, text: string, field: string, file?: string): { observation: Observation; ok: boolean; expression: Expression } {
  const expression = parseExpression(text, { field, file, defaultMetric: 'http_req_duration' });
  const observation = observe(result, expression);
  return { observation, expression, ok: observation.value !== null && satisfies(expression, observation.value) };
}
