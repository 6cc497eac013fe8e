import { median, parseExpression, type RunResult } from '../../core/index.js';
import { achievedOf, type BreakRules, type FindStep } from './LoadStep.js';
import { DEFAULT_SLO_METRIC } from './Slo.js';

const pct = (v: number) => `${(v * 100).toFixed(0)}%`;

/**
 * Why one hold's verdict is too close to call, in words; undefined when it is clear. Marginal: an
 * error-level SLO whose observed value is within `band` (a fraction) of its limit, an error rate
 * within `band` of the break limit, or achieved/offered within `band` of the allowed shortfall
 * (with the default 90 % rule and band 0.2: between 88 % and 92 %). One hold on a shared machine
 * can land either side of such a line by chance, so the step is held again.
 */
export function marginalReason(step: FindStep, result: RunResult, unit: 'rate' | 'vus', rules: BreakRules, band: number): string | undefined {
  if (band <= 0 || step.requests === 0) return undefined;
  for (const t of result.thresholds) {
    if (t.level !== 'error' || t.observed === null) continue;
    let limit: number;
    let operator: string;
    try {
      ({ value: limit, operator } = parseExpression(t.expression, { defaultMetric: DEFAULT_SLO_METRIC }));
    } catch {
      continue; // an expression this grammar cannot re-read has no limit to be near
    }
    if (limit === 0 || operator === '==' || operator === '!=') continue;
    if (Math.abs(t.observed - limit) <= band * Math.abs(limit)) return `${t.expression}: observed ${Number(t.observed.toFixed(4))} is within ${pct(band)} of the limit`;
  }
  if (rules.errorLimit > 0 && Math.abs(step.errorRate - rules.errorLimit) <= band * rules.errorLimit) return `error rate ${(step.errorRate * 100).toFixed(1)}% is near the ${(rules.errorLimit * 100).toFixed(1)}% break limit`;
  const shortfall = 1 - rules.throughputRatio;
  if (unit === 'rate' && shortfall > 0 && step.offered > 0) {
    const ratio = achievedOf(step) / step.offered;
    if (Math.abs(ratio - rules.throughputRatio) <= band * shortfall) return `achieved is ${pct(ratio)} of offered, near the ${pct(rules.throughputRatio)} break rule`;
  }
  return transientFailure(step, result);
}

type Interval = RunResult['series']['points'][number];
const INTERVAL_PERCENTILE: Array<[number, (p: Interval) => number]> = [[50, (p) => p.p50], [95, (p) => p.p95], [99, (p) => p.p99]];

/**
 * A hold that failed on latency alone, where the failure may not be the service's: most of its
 * intervals were within the limit (one stalled interval, a neighbour's CPU burst on a shared
 * machine, sank it; an overloaded service's latency climbs through the hold instead, so its later
 * intervals are over), or the generator's own event loop ran late by half the limit or more.
 */
function transientFailure(step: FindStep, result: RunResult): string | undefined {
  if (step.ok || step.broken !== undefined || step.requests === 0) return undefined;
  const failed = result.thresholds.filter((t) => !t.ok && t.level === 'error');
  const points = result.series.points.filter((p) => p.requests > 0);
  if (failed.length === 0 || points.length < 3) return undefined;
  let worst = 0;
  let limit = Infinity;
  for (const t of failed) {
    let e;
    try {
      e = parseExpression(t.expression, { defaultMetric: DEFAULT_SLO_METRIC });
    } catch {
      return undefined;
    }
    if (e.metric !== DEFAULT_SLO_METRIC || Object.keys(e.tags).length || e.aggregation.kind !== 'percentile' || (e.operator !== '<' && e.operator !== '<=')) return undefined;
    const p = e.aggregation.p;
    const read = INTERVAL_PERCENTILE.find(([q]) => p <= q)?.[1] ?? ((x: Interval) => x.p99);
    worst = Math.max(worst, points.filter((x) => read(x) > e.value).length);
    limit = Math.min(limit, e.value);
  }
  // The open model measures from each arrival's intended start: a generator that ran late (its
  // process descheduled on a busy machine) adds its own lateness to every latency it records.
  const late = step.generator?.eventLoopDelayP99Ms;
  if (late != null && late >= limit / 2) return `the generator's own event loop ran ${late.toFixed(0)} ms late (p99), so its stalls may have failed the SLO`;
  return worst * 2 < points.length ? `latency was over the limit in ${worst} of ${points.length} intervals only` : undefined;
}

/** Whether the holds so far settle the step: one clear hold, two that agree, or a third that breaks a tie. */
export function holdsSettled(holds: readonly FindStep[], marginal: boolean): boolean {
  if (holds.length === 1) return !marginal;
  if (holds.length === 2) return holds[0]!.ok === holds[1]!.ok;
  const passes = holds.filter((h) => h.ok).length;
  return passes !== holds.length - passes;
}

const range = (values: readonly number[]): [number, number] => [Math.min(...values), Math.max(...values)];
const round = (v: number, d = 100) => Math.round(v * d) / d;

/**
 * One step from its holds: figures are the holds' medians, counts their sums, the verdict the
 * majority (a tie fails: a load that failed half its holds is not sustainable), with the spread.
 */
export function combineHolds(holds: readonly FindStep[]): FindStep {
  if (holds.length === 1) return holds[0]!;
  const first = holds[0]!;
  const passes = holds.filter((h) => h.ok).length;
  const ok = passes * 2 > holds.length;
  const failing = holds.filter((h) => !h.ok);
  const broken = holds.filter((h) => h.broken !== undefined);
  const of = (pick: (h: FindStep) => number) => holds.map(pick);
  const step: FindStep = {
    ...first,
    achieved: round(median(of((h) => h.achieved))),
    achievedRps: round(median(of((h) => h.achievedRps))),
    avgMs: round(median(of((h) => h.avgMs))),
    p95Ms: round(median(of((h) => h.p95Ms))),
    p99Ms: round(median(of((h) => h.p99Ms))),
    errorRate: round(median(of((h) => h.errorRate)), 10_000),
    ok,
    requests: holds.reduce((n, h) => n + h.requests, 0),
    dropped: holds.reduce((n, h) => n + h.dropped, 0),
    refused: holds.reduce((n, h) => n + h.refused, 0),
    // One failing hold's reasons: the others name the same limits with other figures.
    missed: ok ? [] : failing[0]!.missed,
    holds: holds.length,
    passes,
    spread: { achieved: range(of((h) => h.achieved)), p95Ms: range(of((h) => h.p95Ms)), p99Ms: range(of((h) => h.p99Ms)), errorRate: range(of((h) => h.errorRate)) },
  };
  delete step.broken;
  if (!ok && broken.length * 2 > holds.length) step.broken = broken[0]!.broken!;
  const cpu = holds.flatMap((h) => (h.cpuPercent === undefined ? [] : [h.cpuPercent]));
  if (cpu.length) step.cpuPercent = round(median(cpu), 10);
  const last = holds[holds.length - 1]!;
  if (last.rssBytes !== undefined) step.rssBytes = last.rssBytes;
  if (last.generator) step.generator = last.generator;
  delete step.generatorLimited;
  const limited = failing.find((h) => h.generatorLimited) ?? holds.find((h) => h.generatorLimited);
  if (limited) step.generatorLimited = limited.generatorLimited!;
  return step;
}
