import { aggregationName, type RunResult } from '../../core/index.js';
import { levelOf, type ApiBudget, type BudgetCheck } from './Budget.js';
import { judgeSlo } from './ResultMetric.js';

/** Checks API budgets (p95, p99, error rate, throughput per endpoint) against a result. */
export function checkApi(result: RunResult, budgets: readonly ApiBudget[]): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  for (const b of budgets) {
    const e = b.endpoint === 'total' ? result.summary.total : result.summary.endpoints.find((x) => x.name === b.endpoint);
    const metrics = [
      ['p95', b.p95, 'ms', false],
      ['p99', b.p99, 'ms', false],
      ['errorRate', b.errorRate, 'ratio', false],
      ['rps', b.rps, 'rps', true],
    ] as const;
    for (const [metric, limit, unit, higherIsBetter] of metrics) {
      if (!limit) continue;
      if (!e) {
        checks.push({ kind: 'api', name: b.endpoint, metric, value: null, unit, limit, level: 'error', detail: `no endpoint named ${JSON.stringify(b.endpoint)} in the result (has: ${result.summary.endpoints.map((x) => x.name).join(', ')})` });
        continue;
      }
      const value = metric === 'p95' ? e.latency.p95 : metric === 'p99' ? e.latency.p99 : metric === 'rps' ? e.rps : e === result.summary.total ? result.summary.errorRate : e.requests ? e.errors.total / e.requests : 0;
      checks.push({ kind: 'api', name: b.endpoint, metric, value, unit, limit, level: levelOf(value, limit, higherIsBetter), ...(higherIsBetter ? { higherIsBetter } : {}) });
    }
  }
  return checks;
}

/** Judges SLO expressions (the threshold grammar) against a result; each failing SLO is an error. */
export function checkSlos(result: RunResult, slos: readonly string[], file?: string): BudgetCheck[] {
  return slos.map((slo, i) => {
    const { observation, ok, expression } = judgeSlo(result, slo, `slos[${i}]`, file);
    const unit = expression.metric === 'http_req_duration' ? 'ms' : expression.aggregation.kind === 'rate' && expression.metric !== 'http_reqs' ? 'ratio' : 'score';
    return {
      kind: 'slo',
      name: slo,
      metric: aggregationName(expression.aggregation),
      value: observation.value,
      unit,
      limit: { error: expression.value },
      ...(expression.operator.startsWith('>') ? { higherIsBetter: true } : {}),
      operator: expression.operator,
      level: ok ? 'pass' : 'error',
      ...(observation.value === null ? { detail: observation.reason } : {}),
    } satisfies BudgetCheck;
  });
}
