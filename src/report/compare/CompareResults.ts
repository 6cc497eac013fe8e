import { checkNumber, checkOneOf, checkOptionalInteger, invalidInput, median, type EndpointSummary, type RunResult } from '../../core/index.js';
import { expandRepeats } from '../../core/result/resultRepeats.js';
import { blockBootstrapChange } from './BlockBootstrap.js';
import { mean, normalQuantile, welchDifference, type Interval } from './Statistics.js';

export type CompareMetric = 'p95' | 'p99' | 'rps' | 'error_rate';
export const COMPARE_METRICS: readonly CompareMetric[] = ['p95', 'p99', 'rps', 'error_rate'];
export type CompareLevel = 'pass' | 'warn' | 'fail';

/** Options of `compareResults`. */
export interface CompareOptions {
  /** Relative change that counts as a regression (0.1 = 10 %) for p95, p99 and rps; default 0.1. */
  margin?: number;
  /** Relative change that warns; default half of `margin`. */
  warnMargin?: number;
  /** Absolute error-rate increase that counts as a regression (0.01 = 1 percentage point); default 0.01. */
  errorRateMargin?: number;
  /** Metrics compared; default p95, p99, rps, error_rate. */
  metrics?: CompareMetric[];
  /** Two-sided confidence level of the intervals; default 0.95. */
  confidence?: number;
  /** `repeats`: Welch interval over independent runs (needs 2+ runs per side: files, or a file's `repeats`); `bootstrap`: moving-block bootstrap over per-second series; `auto` picks repeats when both sides have 2+ runs. Default `auto`. */
  method?: 'auto' | 'repeats' | 'bootstrap';
  /** Bootstrap resamples; default 2000. */
  resamples?: number;
  /** Bootstrap RNG seed; default 1. */
  seed?: number;
}

/** One metric of one scope (`total` or an endpoint), baseline against current. */
export interface ComparisonRow {
  scope: string;
  metric: CompareMetric;
  /** Baseline and current value: median over the runs of each side (ms, requests/s or fraction). */
  baseline: number;
  current: number;
  /** Change and its interval: relative (0.3 = +30 %) for p95/p99/rps, absolute for error_rate. */
  change: number;
  low: number;
  high: number;
  relative: boolean;
  /** How the interval was built. */
  method: 'repeats' | 'bootstrap' | 'bootstrap-scaled' | 'binomial';
  level: CompareLevel;
  /** The decision in words: "regression: CI +22.0%..+40.1% clears the 10% margin". */
  reason: string;
}

export interface ComparisonReport {
  /** `incompatible` when the two sides do not measure the same endpoints: nothing was compared. */
  verdict: CompareLevel | 'incompatible';
  method: 'repeats' | 'bootstrap';
  baselineRuns: number;
  currentRuns: number;
  margin: number;
  warnMargin: number;
  errorRateMargin: number;
  confidence: number;
  rows: ComparisonRow[];
  incompatible?: { onlyInBaseline: string[]; onlyInCurrent: string[] };
  notes: string[];
}

const HIGHER_IS_WORSE: Record<CompareMetric, boolean> = { p95: true, p99: true, rps: false, error_rate: true };

function valueOf(e: EndpointSummary, metric: CompareMetric): number {
  switch (metric) {
    case 'p95':
      return e.latency.p95;
    case 'p99':
      return e.latency.p99;
    case 'rps':
      return e.rps;
    case 'error_rate':
      return e.requests === 0 ? 0 : e.errors.total / e.requests;
  }
}

function scopeOf(r: RunResult, scope: string): EndpointSummary {
  return scope === 'total' ? r.summary.total : r.summary.endpoints.find((e) => e.name === scope)!;
}

function endpointSet(r: RunResult): string[] {
  return r.summary.endpoints.map((e) => e.name).sort();
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const pp = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}pp`;

function decide(metric: CompareMetric, ci: Interval, o: Required<Pick<CompareOptions, 'margin' | 'warnMargin' | 'errorRateMargin'>>): { level: CompareLevel; reason: string } {
  const relative = metric !== 'error_rate';
  const fmt = relative ? pct : pp;
  const margin = relative ? o.margin : o.errorRateMargin;
  const warn = relative ? o.warnMargin : o.errorRateMargin / 2;
  // Worsening: positive means worse, whatever the metric's direction.
  const sign = HIGHER_IS_WORSE[metric] ? 1 : -1;
  const worseLow = Math.min(sign * ci.low, sign * ci.high);
  const worseEst = sign * ci.estimate;
  const ciText = `CI ${fmt(ci.low)}..${fmt(ci.high)}`;
  if (worseLow > margin) return { level: 'fail', reason: `regression: ${ciText} clears the ${fmt(margin).slice(1)} margin` };
  if (worseLow > warn) return { level: 'warn', reason: `likely regression: ${ciText} clears the ${fmt(warn).slice(1)} warning margin` };
  if (worseEst > margin) return { level: 'warn', reason: `possible regression: change ${fmt(ci.estimate)} is past the margin but ${ciText} is not` };
  const worseHigh = Math.max(sign * ci.low, sign * ci.high);
  if (worseHigh < -margin) return { level: 'pass', reason: `improvement: ${ciText}` };
  return { level: 'pass', reason: `no regression: ${ciText}` };
}

function checkRuns(runs: readonly RunResult[], field: string): void {
  if (runs.length === 0) throw invalidInput({ field, value: runs.length, expected: 'at least one result' });
}

/**
 * Compares baseline runs with current runs per endpoint and overall, and calls a regression only
 * when the confidence interval of the change clears the margin, as tachometer does. With 2+
 * independent runs per side the interval comes from the runs (Welch); with a single run per side
 * from a moving-block bootstrap over the per-second series (seeded, so reproducible). Endpoint
 * intervals in bootstrap mode scale the overall interval by sqrt(total requests / endpoint
 * requests), since results carry per-second series only for the total.
 *
 * @example
 * const report = compareResults([baseline], [current], { margin: 0.1 });
 * if (report.verdict === 'fail') process.exitCode = 99;
 */
export function compareResults(baselineFiles: readonly RunResult[], currentFiles: readonly RunResult[], options: CompareOptions = {}): ComparisonReport {
  checkRuns(baselineFiles, 'baseline');
  checkRuns(currentFiles, 'current');
  // A file written by `run --repeat N` stands for its N independent runs.
  const baselineRuns = baselineFiles.flatMap(expandRepeats);
  const currentRuns = currentFiles.flatMap(expandRepeats);
  const margin = checkNumber(options.margin ?? 0.1, 'margin', { min: 0 });
  const warnMargin = checkNumber(options.warnMargin ?? margin / 2, 'warnMargin', { min: 0, max: margin });
  const errorRateMargin = checkNumber(options.errorRateMargin ?? 0.01, 'errorRateMargin', { min: 0, max: 1 });
  const confidence = checkNumber(options.confidence ?? 0.95, 'confidence', { above: 0.5, max: 0.999 });
  const requested = checkOneOf(options.method ?? 'auto', 'method', ['auto', 'repeats', 'bootstrap']);
  const resamples = checkOptionalInteger(options.resamples, 'resamples', { min: 100 }) ?? 2000;
  const seed = options.seed ?? 1;
  const metrics = options.metrics ?? [...COMPARE_METRICS];
  for (const [i, m] of metrics.entries()) checkOneOf(m, `metrics[${i}]`, COMPARE_METRICS);
  if (requested === 'repeats' && (baselineRuns.length < 2 || currentRuns.length < 2)) {
    throw invalidInput({ field: 'method', value: 'repeats', expected: `2 or more runs per side (got ${baselineRuns.length} baseline, ${currentRuns.length} current)` });
  }
  const method = requested === 'bootstrap' ? 'bootstrap' : requested === 'repeats' || (baselineRuns.length >= 2 && currentRuns.length >= 2) ? 'repeats' : 'bootstrap';
  // The bootstrap resamples each file's own series, which only the representative run has.
  const baselines = method === 'repeats' ? baselineRuns : baselineFiles;
  const currents = method === 'repeats' ? currentRuns : currentFiles;
  const report: ComparisonReport = { verdict: 'pass', method, baselineRuns: baselines.length, currentRuns: currents.length, margin, warnMargin, errorRateMargin, confidence, rows: [], notes: [] };

  const sets = [...baselines, ...currents].map((r) => endpointSet(r).join('\n'));
  if (new Set(sets).size > 1) {
    const base = new Set(baselines.flatMap(endpointSet));
    const cur = new Set(currents.flatMap(endpointSet));
    report.verdict = 'incompatible';
    report.incompatible = { onlyInBaseline: [...base].filter((n) => !cur.has(n)), onlyInCurrent: [...cur].filter((n) => !base.has(n)) };
    report.notes.push('the runs do not measure the same endpoints (different scenario?): nothing was compared');
    return report;
  }
  const models = new Set([...baselines, ...currents].map((r) => r.summary.model));
  if (models.size > 1) report.notes.push('the runs mix the open and the closed load model: latency and throughput are not directly comparable');
  const targets = new Set([...baselines, ...currents].map((r) => r.config.target));
  if (targets.size > 1) report.notes.push(`the runs hit different targets: ${[...targets].join(', ')}`);

  const decideOpts = { margin, warnMargin, errorRateMargin };
  const scopes = ['total', ...baselines[0]!.summary.endpoints.map((e) => e.name)];
  const totalIntervals = new Map<CompareMetric, Interval>();
  for (const scope of scopes) {
    for (const metric of metrics) {
      const relative = metric !== 'error_rate';
      // The overall error rate is the result's http_req_failed rate (it also counts unexpected statuses).
      const value = (r: RunResult) => (scope === 'total' && metric === 'error_rate' ? r.summary.errorRate : valueOf(scopeOf(r, scope), metric));
      const bv = baselines.map(value);
      const cv = currents.map(value);
      const baseline = median(bv);
      const current = median(cv);
      let ci: Interval;
      let rowMethod: ComparisonRow['method'];
      if (method === 'repeats') {
        const d = welchDifference(bv, cv, confidence);
        const denom = relative ? mean(bv) : 1;
        ci = denom === 0 ? { estimate: d.estimate === 0 ? 0 : Infinity, low: d.low === 0 ? 0 : -Infinity, high: d.high === 0 ? 0 : Infinity } : { estimate: d.estimate / denom, low: d.low / denom, high: d.high / denom };
        rowMethod = 'repeats';
      } else if (scope === 'total') {
        ci = blockBootstrapChange(
          baselines.map((r) => r.series.points),
          currents.map((r) => r.series.points),
          metric,
          { confidence, resamples, seed, scale: relative ? 'ratio' : 'difference' },
        );
        // Centre the interval on the change of the exact summary values (whole-run histograms), keeping the bootstrap's spread.
        if (relative && baseline !== 0) {
          const estimate = current / baseline - 1;
          ci = { estimate, low: estimate + ci.low - ci.estimate, high: estimate + ci.high - ci.estimate };
        }
        totalIntervals.set(metric, ci);
        rowMethod = 'bootstrap';
      } else if (metric === 'error_rate') {
        const nb = baselines.reduce((s, r) => s + scopeOf(r, scope).requests, 0);
        const nc = currents.reduce((s, r) => s + scopeOf(r, scope).requests, 0);
        const se = Math.sqrt((baseline * (1 - baseline)) / Math.max(1, nb) + (current * (1 - current)) / Math.max(1, nc));
        const z = normalQuantile(1 - (1 - confidence) / 2);
        ci = { estimate: current - baseline, low: current - baseline - z * se, high: current - baseline + z * se };
        rowMethod = 'binomial';
      } else {
        const t = totalIntervals.get(metric)!;
        const totalReq = baselines[0]!.summary.total.requests + currents[0]!.summary.total.requests;
        const epReq = scopeOf(baselines[0]!, scope).requests + scopeOf(currents[0]!, scope).requests;
        const k = Math.sqrt(totalReq / Math.max(1, epReq));
        const estimate = baseline === 0 ? 0 : current / baseline - 1;
        let below = (t.estimate - t.low) * k;
        let above = (t.high - t.estimate) * k;
        if (metric === 'rps') {
          // An endpoint's share of the requests varies from run to run on its own (weighted picks): add that binomial spread.
          const share = scopeOf(baselines[0]!, scope).requests / Math.max(1, baselines[0]!.summary.total.requests);
          const z = normalQuantile(1 - (1 - confidence) / 2);
          const sd = Math.sqrt((2 * (1 - share)) / Math.max(1, epReq / 2));
          below = Math.hypot(below, z * sd);
          above = Math.hypot(above, z * sd);
        }
        ci = { estimate, low: estimate - below, high: estimate + above };
        rowMethod = 'bootstrap-scaled';
      }
      const { level, reason } = decide(metric, ci, decideOpts);
      report.rows.push({ scope, metric, baseline, current, change: ci.estimate, low: ci.low, high: ci.high, relative, method: rowMethod, level, reason });
    }
  }
  report.verdict = report.rows.some((r) => r.level === 'fail') ? 'fail' : report.rows.some((r) => r.level === 'warn') ? 'warn' : 'pass';
  if (method === 'bootstrap') report.notes.push('interval from a moving-block bootstrap over one run per side; independent repeats (2+ files per side, or `run --repeat N`) give a more trustworthy gate');
  return report;
}
