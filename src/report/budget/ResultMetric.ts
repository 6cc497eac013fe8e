import { Histogram, invalidInput, parseExpression, satisfies, type EndpointSummary, type Expression, type RunResult } from '../../core/index.js';

/** The value of an expression's metric and aggregation in a result, or why there is none. */
export type Observation = { value: number } | { value: null; reason: string };

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
  const custom = result.summary.metrics?.[expr.metric];
  if (!custom) return { value: null, reason: `no metric ${expr.metric} in the result` };
  if (kind === 'count' && custom.count !== undefined) return { value: custom.count };
  if (kind === 'rate' && custom.rate !== undefined) return { value: custom.rate };
  if (custom.latency && expr.aggregation.kind === 'percentile') {
    const p = expr.aggregation.p;
    const map: Record<number, number> = { 50: custom.latency.p50, 90: custom.latency.p90, 95: custom.latency.p95, 99: custom.latency.p99, 99.9: custom.latency.p999 };
    if (map[p] !== undefined) return { value: map[p]! };
  }
  return { value: custom.value };
}

/** Parses and judges an SLO expression against a result. */
export function judgeSlo(result: RunResult, text: string, field: string, file?: string): { observation: Observation; ok: boolean; expression: Expression } {
  const expression = parseExpression(text, { field, file, defaultMetric: 'http_req_duration' });
  const observation = observe(result, expression);
  return { observation, expression, ok: observation.value !== null && satisfies(expression, observation.value) };
}
