import { invalidInput, type RunResult } from '../../core/index.js';
import { LIGHTHOUSE_DEFAULTS, type Budget, type BudgetCheck, type BudgetReport } from './Budget.js';
import { checkApi, checkSlos } from './ApiCheck.js';
import { checkBundle } from './BundleCheck.js';
import { checkLighthouse, readLighthouseRuns } from './LighthouseCheck.js';

/** Inputs `checkBudget` checks the budget against. */
export interface BudgetInputs {
  /** A load result, for `api` and `slos`; required when the budget has either. */
  result?: RunResult;
  /** Directory or glob of Lighthouse JSON results; overrides the budget's `lighthouse.results`. Giving it checks Lighthouse with seed 002 defaults even when the budget has no `lighthouse` section. */
  lighthouse?: string;
}

/**
 * Checks every budget of a budget file: bundle sizes (raw, gzip, brotli), API budgets and SLOs
 * against a result, Lighthouse medians. The verdict is the worst level.
 *
 * @example
 * const report = await checkBudget(await readBudgetFile('loadline.budget.json'), { result });
 * if (report.verdict === 'error') process.exitCode = 99;
 */
export async function checkBudget(budget: Budget, inputs: BudgetInputs = {}): Promise<BudgetReport> {
  const checks: BudgetCheck[] = [];
  for (const b of budget.bundles) checks.push(...checkBundle(budget.root, b));
  if (budget.api.length || budget.slos.length) {
    if (!inputs.result) throw invalidInput({ file: budget.file, field: budget.api.length ? 'api' : 'slos', expected: 'a result file to check against (--result result.json)' }, 'LOADLINE_USAGE');
    checks.push(...checkApi(inputs.result, budget.api), ...checkSlos(inputs.result, budget.slos, budget.file));
  }
  const lhSource = inputs.lighthouse ?? budget.lighthouse?.results;
  if (budget.lighthouse && !lhSource) throw invalidInput({ file: budget.file, field: 'lighthouse', expected: 'Lighthouse results to check (--lighthouse dir, or lighthouse.results in the budget)' }, 'LOADLINE_USAGE');
  if (lhSource) {
    const root = inputs.lighthouse ? process.cwd() : budget.root;
    const { runs } = await readLighthouseRuns(lhSource, root);
    checks.push(...checkLighthouse(budget.lighthouse ?? { limits: { ...LIGHTHOUSE_DEFAULTS } }, runs, lhSource));
  }
  const verdict = checks.some((c) => c.level === 'error') ? 'error' : checks.some((c) => c.level === 'warn') ? 'warn' : 'pass';
  return { verdict, checks };
}
