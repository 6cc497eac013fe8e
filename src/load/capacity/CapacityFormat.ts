import type { CapacityReport } from './CapacitySearch.js';
import type { SoakDegradation } from './SoakDegradation.js';
import type { SpikeRecovery } from './SpikeRecovery.js';
import { wrapText } from '../output/textTable.js';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1));
const mb = (b: number) => (b / 1e6).toFixed(0);

/** How `formatCapacityText` names things the reader may change. */
export interface CapacityTextOptions {
  /** Name options as CLI flags (`--workers 2`) instead of option fields (`workers: 2`); default false. */
  flags?: boolean;
  /** Wrap the sentences (why steps missed, verdict, caveat, generator limit) at this many columns; the table is never wrapped (it fits 80 columns without `--pid`). Default none. */
  width?: number;
}

/** Wraps each line longer than `width` at spaces, its continuation indented two more columns. */
function fit(lines: string[], width: number | undefined): string[] {
  return width === undefined ? lines : lines.flatMap((line) => wrapText(line, width, 2));
}

/**
 * The capacity ladder as seed 001 shows it (offered, achieved, avg, p95, p99, error %, and the
 * target's CPU % and RSS with `--pid`), the spread of steps held more than once, then the verdict.
 *
 * @example
 * console.log(formatCapacityText(await findCapacity(options)));
 */
export function formatCapacityText(report: CapacityReport, options: CapacityTextOptions = {}): string {
  const unit = report.unit === 'rate' ? '/s' : ' VUs';
  const withPid = report.steps.some((s) => s.cpuPercent !== undefined);
  // A scenario iteration may send several requests: then achieved iterations/s and requests/s differ, and both are shown.
  const iterations = report.steps.some((s) => s.achieved !== undefined && Math.abs(s.achieved - s.achievedRps) > 0.01);
  const header = [report.unit === 'rate' ? 'offered/s' : 'VUs', ...(iterations ? ['achieved it/s', 'rps'] : ['achieved rps']), 'avg ms', 'p95 ms', 'p99 ms', 'error %', ...(withPid ? ['CPU %', 'RSS MB'] : []), 'SLO'];
  const rows = report.steps.map((s) => [
    num(s.offered),
    ...(iterations ? [(s.achieved ?? s.achievedRps).toFixed(1), s.achievedRps.toFixed(1)] : [s.achievedRps.toFixed(1)]),
    s.avgMs.toFixed(1),
    s.p95Ms.toFixed(1),
    s.p99Ms.toFixed(1),
    (s.errorRate * 100).toFixed(2),
    ...(withPid ? [s.cpuPercent?.toFixed(0) ?? '', s.rssBytes === undefined ? '' : mb(s.rssBytes)] : []),
    // The verdict only: the reasons are listed under the table, wrapped, so the table fits 80 columns.
    `${s.ok ? 'met' : s.broken !== undefined ? 'broken' : 'missed'}${s.phase === 'refine' ? ' (refine)' : ''}`,
  ]);
  const why = report.steps.filter((s) => !s.ok).map((s) => `  ${num(s.offered)}${unit}${s.holds > 1 ? ` (${s.passes}/${s.holds} holds met)` : ''}: ${s.missed.join('; ')}`);
  const repeated = report.steps.filter((s) => s.spread);
  const spread = repeated.map((s) => {
    const r = s.spread!;
    return `  ${num(s.offered)}${unit}: p95 ${r.p95Ms[0].toFixed(1)}-${r.p95Ms[1].toFixed(1)} ms over ${s.holds} holds (${s.passes} met), achieved ${r.achieved[0].toFixed(0)}-${r.achieved[1].toFixed(0)}/s${s.marginal ? `; held again because ${s.marginal}` : ''}`;
  });
  const max = report.maxSustainable;
  const limit = report.generatorLimit;
  const workers = limit?.suggestedWorkers;
  return [
    ...fit([`Capacity search of ${report.target}, SLOs: ${report.slos.join(', ')}`], options.width),
    '',
    table(header, rows),
    ...fit(why.length ? ['', 'Why steps missed:', ...why] : [], options.width),
    ...fit(spread.length ? ['', 'Steps held more than once (a marginal verdict; figures above are medians):', ...spread] : [], options.width),
    '',
    ...fit(prose(), options.width),
  ].join('\n');

  function prose(): string[] {
    return [
      max
        ? `Max sustainable load: ${max.atLeast ? 'at least ' : ''}${num(max.rate)}${unit}${max.below !== undefined && !max.atLeast ? ` (the next load tried, ${num(max.below)}${unit}, failed)` : ''}`
        : 'Max sustainable load: none (no step met every SLO)',
      report.breakingPoint ? `Breaking point: ${num(report.breakingPoint.rate)}${unit} (${report.breakingPoint.reason})` : limit ? 'Breaking point: not found (the generator was the limit first)' : 'Breaking point: not reached within the ladder',
      ...(limit
        ? [
            `Generator limit: the load generator, not the service, was the limit from ${num(limit.rate)}${unit}: ${limit.reason}.`,
            workers
              ? `  Send the load from more threads (${options.flags ? `--workers ${workers}` : `workers: ${workers}`}) or from another machine, then search again.`
              : '  Every core already sends load: run the generator on another machine (or split it with segments), then search again.',
          ]
        : []),
      ...(report.caveat ? [`Caveat: ${report.caveat}.`] : []),
      ...(report.stoppedEarly ? [`Stopped early: ${report.stoppedEarly}`] : []),
      `Took ${(report.elapsedMs / 1000).toFixed(1)} s of a ${(report.budgetMs / 1000).toFixed(0)} s budget.`,
    ];
  }
}

/** Spike recovery in words. */
export function formatSpikeText(r: SpikeRecovery): string {
  return [
    `Spike: ${num(r.spike.baseline)} -> ${num(r.spike.peak)} from ${r.spike.startS} s to ${r.spike.endS} s; worst p${r.percentile} ${r.worstMs.toFixed(1)} ms`,
    r.recovered
      ? `Recovered: p${r.percentile} back within ${r.limitMs} ms ${(r.recoveryMs! / 1000).toFixed(1)} s after the spike ended`
      : `Not recovered: p${r.percentile} did not stay within ${r.limitMs} ms before the run ended`,
  ].join('\n');
}

/** Soak degradation as a first-vs-last table. */
export function formatSoakText(d: SoakDegradation): string {
  const mem = d.first.rssBytes !== undefined;
  const row = (name: string, w: SoakDegradation['first']) => [name, `${w.fromS}-${w.toS} s`, w.rps.toFixed(1), w.p95Ms.toFixed(1), ...(mem ? [w.rssBytes === undefined ? '' : mb(w.rssBytes)] : [])];
  const pct = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}%`;
  return [
    table(['window', 'seconds', 'rps', 'p95 ms', ...(mem ? ['RSS MB'] : [])], [row('first', d.first), row('last', d.last)]),
    '',
    `Throughput drop: ${pct(d.throughputDropPercent)}, p95 increase: ${pct(d.p95IncreasePercent)}${d.memoryGrowthPercent !== undefined ? `, memory growth: ${pct(d.memoryGrowthPercent)}` : ''}`,
  ].join('\n');
}
