import { SparseHistogram, type RunResult, type ThresholdResult } from '../../core/index.js';
import { compileExpression } from './expression.js';
import type { EnsureSpec } from './script.js';

/** Transport error kinds under the `errors.*` names Artillery counts them by. */
const ERROR_CODES: Readonly<Record<string, string>> = { refused: 'ECONNREFUSED', reset: 'ECONNRESET', timeout: 'ETIMEDOUT', dns: 'ENOTFOUND', tls: 'EPROTO', other: 'EOTHER' };

/**
 * Artillery's metric names, from a loadline result: `http.requests`, `http.responses`,
 * `http.request_rate`, `http.codes.NNN`, `http.response_time.{min,max,mean,median,p50,p75,p90,p95,p99,p999}`
 * (ms), `vusers.created`, `vusers.completed`, `vusers.failed`, `errors.ECONNREFUSED`...
 * `http.response_time` is loadline's `http_req_duration`: the whole response, measured from each
 * arrival's due time, where Artillery's is the time to the first byte from the send; it is at
 * least as long.
 */
export function artilleryMetrics(result: RunResult, failedIterations = 0): Record<string, number> {
  const s = result.summary;
  const t = s.total;
  const out: Record<string, number> = {};
  out['http.requests'] = t.requests;
  let responses = 0;
  for (const [code, n] of Object.entries(t.statusCodes)) {
    if (!/^\d+$/.test(code)) continue;
    out[`http.codes.${code}`] = n;
    responses += n;
  }
  out['http.responses'] = responses;
  out['http.request_rate'] = t.rps;
  const l = t.latency;
  Object.assign(out, {
    'http.response_time.min': l.min,
    'http.response_time.max': l.max,
    'http.response_time.mean': l.mean,
    'http.response_time.median': l.p50,
    'http.response_time.p50': l.p50,
    'http.response_time.p90': l.p90,
    'http.response_time.p95': l.p95,
    'http.response_time.p99': l.p99,
    'http.response_time.p999': l.p999,
  });
  try {
    out['http.response_time.p75'] = Math.round(SparseHistogram.decode(result.histograms.total).percentile(75)) / 1000;
  } catch {
    // an empty or unreadable histogram: p75 stays unknown
  }
  const iterations = s.iterations ?? { count: 0, rate: 0, dropped: 0 };
  const failed = failedIterations;
  out['vusers.created'] = iterations.count;
  out['vusers.failed'] = failed;
  out['vusers.completed'] = iterations.count - failed;
  out['vusers.skipped'] = iterations.dropped;
  for (const [kind, code] of Object.entries(ERROR_CODES)) {
    const n = t.errors.byKind[kind as keyof typeof t.errors.byKind] ?? 0;
    if (n > 0) out[`errors.${code}`] = n;
  }
  return out;
}

/**
 * Judges the ensure plugin's checks on a finished run, as threshold results (an optional
 * condition, `strict: false`, is a warning): they join the run's thresholds, so a failed one
 * exits 99 like any threshold (Artillery exits 1).
 */
export function judgeEnsure(spec: EnsureSpec, result: RunResult, failedIterations = 0): ThresholdResult[] {
  const metrics = artilleryMetrics(result, failedIterations);
  const lookup = (name: string) => metrics[name] ?? (/^(http\.codes\.|errors\.)/.test(name) ? 0 : undefined);
  const out: ThresholdResult[] = [];
  const judge = (expression: string, metric: string, strict: boolean, observedName?: string) => {
    const value = compileExpression(expression)(lookup);
    const ok = typeof value === 'number' ? value !== 0 && !Number.isNaN(value) : Boolean(value);
    const observed = observedName === undefined ? null : (lookup(observedName) ?? null);
    const r: ThresholdResult = { expression, metric, observed: observed === null ? null : Math.round(observed * 10_000) / 10_000, ok, level: strict ? 'error' : 'warn' };
    if (!ok) r.reason = observedName !== undefined && observed === null ? `no value for ${observedName}` : `ensure: ${expression} is false${observed !== null ? ` (${observedName} was ${r.observed})` : ''}`;
    out.push(r);
  };
  for (const t of spec.thresholds) judge(`${t.metric} < ${t.max}`, t.metric, true, t.metric);
  for (const l of spec.legacy) {
    const name = `http.response_time.${l.aggregation}`;
    judge(`${name} < ${l.max}`, name, true, name);
  }
  for (const c of spec.conditions) {
    const names = c.expression.match(/[A-Za-z_$][\w$]*(?:\.[\w$]+)+/g) ?? [];
    judge(c.expression, 'ensure', c.strict, names.length === 1 ? names[0] : undefined);
  }
  if (spec.maxErrorRate !== undefined) {
    metrics['vusers.error_rate'] = metrics['vusers.created']! > 0 ? ((metrics['vusers.created']! - metrics['vusers.completed']!) / metrics['vusers.created']!) * 100 : 0;
    judge(`vusers.error_rate <= ${spec.maxErrorRate}`, 'maxErrorRate', true, 'vusers.error_rate');
  }
  return out;
}
