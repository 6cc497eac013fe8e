import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { invalidInput, median, readDataFile } from '../../core/index.js';
import { levelOf, type BudgetCheck, type LighthouseBudget, type LighthouseMetric } from './Budget.js';
import { findFiles } from './Glob.js';

/** Lighthouse audit ids of the budgeted metrics. */
export const LIGHTHOUSE_AUDITS: Record<LighthouseMetric, string> = {
  fcp: 'first-contentful-paint',
  lcp: 'largest-contentful-paint',
  cls: 'cumulative-layout-shift',
  tbt: 'total-blocking-time',
  tti: 'interactive',
};

const LABELS: Record<LighthouseMetric, string> = { fcp: 'FCP', lcp: 'LCP', cls: 'CLS', tbt: 'TBT', tti: 'TTI' };

/** Per-metric values of one Lighthouse result (LHR JSON), in ms (CLS unitless). */
export type LighthouseRun = Partial<Record<LighthouseMetric, number>>;

/** Reads every Lighthouse JSON result in a directory (or matching a glob under `root`). */
export async function readLighthouseRuns(path: string, root = process.cwd()): Promise<{ files: string[]; runs: LighthouseRun[] }> {
  const full = resolve(root, path);
  let files: string[];
  try {
    files = statSync(full).isDirectory() ? readdirSync(full).filter((f) => f.endsWith('.json')).sort().map((f) => join(full, f)) : [full];
  } catch {
    files = findFiles(root, path);
  }
  const runs: LighthouseRun[] = [];
  for (const file of files) {
    const data = (await readDataFile(file)).data as { audits?: Record<string, { numericValue?: unknown }> } | null;
    if (!data || typeof data !== 'object' || typeof data.audits !== 'object' || data.audits === null) {
      throw invalidInput({ file, field: 'audits', expected: 'a Lighthouse result (LHR JSON) with an audits object' }, 'LOADLINE_INVALID_FILE');
    }
    const run: LighthouseRun = {};
    for (const [metric, audit] of Object.entries(LIGHTHOUSE_AUDITS) as Array<[LighthouseMetric, string]>) {
      const v = data.audits[audit]?.numericValue;
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw invalidInput({ file, field: `audits.${audit}.numericValue`, value: v, expected: 'a number' }, 'LOADLINE_INVALID_FILE');
      run[metric] = v;
    }
    runs.push(run);
  }
  return { files, runs };
}

/** Checks the median of each metric over several Lighthouse runs, as Lighthouse CI aggregates. No runs is an error. */
export function checkLighthouse(budget: LighthouseBudget, runs: readonly LighthouseRun[], source: string): BudgetCheck[] {
  return (Object.keys(LIGHTHOUSE_AUDITS) as LighthouseMetric[]).map((metric) => {
    const values = runs.map((r) => r[metric]).filter((v): v is number => v !== undefined);
    const limit = budget.limits[metric];
    const unit = metric === 'cls' ? 'score' : 'ms';
    if (values.length === 0) {
      return { kind: 'lighthouse', name: LABELS[metric], metric: 'median', value: null, unit, limit, level: 'error', detail: runs.length ? `no ${LIGHTHOUSE_AUDITS[metric]} audit in ${source}` : `no Lighthouse results in ${source}` };
    }
    const value = median(values);
    return { kind: 'lighthouse', name: LABELS[metric], metric: 'median', value, unit, limit, level: levelOf(value, limit), detail: `median of ${values.length} run${values.length === 1 ? '' : 's'}` };
  });
}
