import type { CapacityLadder, CapacityStep } from '../../core/index.js';
import { PALETTE, type ChartSpec } from './ChartSpec.js';
import { escapeHtml, htmlTable } from './HtmlEscape.js';
import { formatMs, formatPercent, formatRate } from './ReportTables.js';

/** The ladder's shape lives in core (the load engine writes it); re-exported for the report's readers. */
export type { CapacityLadder, CapacityStep };

export function capacityCharts(ladder: CapacityLadder): ChartSpec[] {
  const steps = [...ladder.steps].sort((a, b) => a.offered - b.offered);
  const x = steps.map((s) => s.offered);
  const xLabel = ladder.unit === 'rate' ? 'offered load (/s)' : 'offered load (VUs)';
  const iterations = hasIterations(ladder);
  return [
    {
      id: 'chart-capacity-throughput',
      title: 'Capacity: achieved vs offered load',
      xLabel,
      yLabel: 'per second',
      xKind: 'linear',
      x,
      // Offered load counts iterations: achieved is plotted in the same unit, on the same axis.
      series: [
        { label: iterations ? 'achieved iterations/s' : 'achieved rps', values: steps.map((s) => s.achieved ?? s.achievedRps), color: PALETTE[0]!, points: true },
        ...(iterations ? [{ label: 'requests/s', values: steps.map((s) => s.achievedRps), color: PALETTE[2]!, points: true }] : []),
        ...(ladder.unit === 'rate' ? [{ label: 'offered (ideal)', values: x, color: PALETTE[7]! }] : []),
      ],
    },
    {
      id: 'chart-capacity-latency',
      title: 'Capacity: latency vs offered load',
      xLabel,
      yLabel: 'ms',
      rightLabel: 'error %',
      xKind: 'linear',
      x,
      series: [
        { label: 'p95', values: steps.map((s) => s.p95Ms), color: PALETTE[3]!, points: true },
        { label: 'p99', values: steps.map((s) => s.p99Ms), color: PALETTE[1]!, points: true },
        { label: 'error %', values: steps.map((s) => s.errorRate * 100), color: PALETTE[5]!, right: true },
      ],
    },
  ];
}

/** A scenario ladder: an iteration sends several requests, so achieved iterations/s and requests/s differ. */
function hasIterations(ladder: CapacityLadder): boolean {
  return ladder.steps.some((s) => s.achieved !== undefined && Math.abs(s.achieved - s.achievedRps) > 0.01);
}

export function capacityHtml(ladder: CapacityLadder): string {
  const withPid = ladder.steps.some((s) => s.cpuPercent !== undefined || s.rssBytes !== undefined);
  const iterations = hasIterations(ladder);
  const header = [ladder.unit === 'rate' ? 'offered /s' : 'offered VUs', ...(iterations ? ['achieved it/s'] : []), 'achieved rps', 'avg ms', 'p95 ms', 'p99 ms', 'error %', ...(withPid ? ['CPU %', 'RSS MB'] : []), 'SLO'];
  const rows = [...ladder.steps]
    .sort((a, b) => a.offered - b.offered)
    .map((s) => [
      formatRate(s.offered),
      ...(iterations ? [formatRate(s.achieved ?? s.achievedRps)] : []),
      formatRate(s.achievedRps),
      formatMs(s.avgMs),
      formatMs(s.p95Ms),
      formatMs(s.p99Ms),
      formatPercent(s.errorRate),
      ...(withPid ? [s.cpuPercent === undefined ? '' : s.cpuPercent.toFixed(0), s.rssBytes === undefined ? '' : (s.rssBytes / 1e6).toFixed(0)] : []),
      s.ok ? '<span class="ok">met</span>' : '<span class="bad">missed</span>',
    ]);
  const facts = [
    ladder.maxSustainable
      ? `Maximum sustainable load: ${ladder.maxSustainable.atLeast ? 'at least ' : ''}<strong data-testid="max-sustainable">${formatRate(ladder.maxSustainable.rate)}</strong>${ladder.unit === 'rate' ? '/s' : ' VUs'}`
      : 'No step met every SLO.',
    ...(ladder.generatorLimit
      ? [`<span class="warn" data-testid="generator-limit">The load generator, not the service, was the limit from ${formatRate(ladder.generatorLimit.rate)}${ladder.unit === 'rate' ? '/s' : ' VUs'}</span>: ${escapeHtml(ladder.generatorLimit.reason)}. Send the load from more threads${ladder.generatorLimit.suggestedWorkers ? ` (${ladder.generatorLimit.suggestedWorkers} workers)` : ''} or another machine.`]
      : []),
    ladder.breakingPoint ? `Breaking point: <strong data-testid="breaking-point">${formatRate(ladder.breakingPoint.rate)}</strong>${ladder.unit === 'rate' ? '/s' : ' VUs'}${ladder.breakingPoint.reason ? ` (${escapeHtml(ladder.breakingPoint.reason)})` : ''}` : 'No breaking point within the ladder.',
    ...(ladder.slos?.length ? [`SLOs: ${ladder.slos.map((s) => `<code>${escapeHtml(s)}</code>`).join(', ')}`] : []),
  ];
  return `<p>${facts.join('<br>')}</p>${htmlTable('capacity', header, rows, 0)}`;
}
