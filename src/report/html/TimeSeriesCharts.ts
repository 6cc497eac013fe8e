import type { RunResult, ServerPoint } from '../../core/index.js';
import { PALETTE, type ChartSpec } from './ChartSpec.js';

/** Client-side charts over time: throughput with load, latency percentiles, errors. */
export function loadCharts(result: RunResult): ChartSpec[] {
  const points = result.series.points;
  const x = points.map((p) => p.t);
  const open = result.summary.model === 'open';
  const perS = result.series.intervalMs / 1000;
  return [
    // One axis per unit: the arrival rate is per second like throughput, so both share the left
    // axis and their gap reads true; VUs are a count and get the right axis.
    open
      ? {
          id: 'chart-rps',
          title: 'Throughput and arrival rate',
          xLabel: 'time (s)',
          yLabel: 'per second',
          xKind: 'seconds',
          x,
          series: [
            { label: 'achieved requests/s', values: points.map((p) => p.rps), color: PALETTE[0]! },
            { label: 'target arrivals/s', values: points.map((p) => p.rate ?? null), color: PALETTE[4]! },
          ],
        }
      : {
          id: 'chart-rps',
          title: 'Throughput and virtual users',
          xLabel: 'time (s)',
          yLabel: 'requests/s',
          rightLabel: 'VUs',
          xKind: 'seconds',
          x,
          series: [
            { label: 'rps', values: points.map((p) => p.rps), color: PALETTE[0]! },
            { label: 'active VUs', values: points.map((p) => p.vus), color: PALETTE[4]!, right: true },
          ],
        },
    {
      id: 'chart-latency',
      title: 'Latency over time',
      xLabel: 'time (s)',
      yLabel: 'ms',
      xKind: 'seconds',
      x,
      series: [
        { label: 'p50', values: points.map((p) => p.p50), color: PALETTE[2]! },
        { label: 'p95', values: points.map((p) => p.p95), color: PALETTE[3]! },
        { label: 'p99', values: points.map((p) => p.p99), color: PALETTE[1]! },
      ],
    },
    {
      id: 'chart-errors',
      title: 'Errors over time',
      xLabel: 'time (s)',
      yLabel: 'per second',
      xKind: 'seconds',
      x,
      series: [
        { label: 'errors/s', values: points.map((p) => p.errors / perS), color: PALETTE[1]! },
        ...(open ? [{ label: 'dropped iterations/s', values: points.map((p) => (p.dropped ?? 0) / perS), color: PALETTE[5]! }] : []),
      ],
    },
  ];
}

interface ServerGroup {
  id: string;
  title: string;
  yLabel: string;
  keys: Array<[key: string, label: string, scale: number]>;
}

const SERVER_GROUPS: ServerGroup[] = [
  { id: 'chart-server-eventloop', title: 'Server: event-loop delay', yLabel: 'ms', keys: [['eventLoopDelayP99Ms', 'event-loop delay p99', 1]] },
  { id: 'chart-server-cpu', title: 'Server: CPU and event-loop utilization', yLabel: '%', keys: [['cpuPercent', 'CPU %', 1], ['eventLoopUtilization', 'event-loop utilization %', 100]] },
  { id: 'chart-server-memory', title: 'Server: memory', yLabel: 'MB', keys: [['heapUsedBytes', 'heap used', 1e-6], ['rssBytes', 'RSS', 1e-6]] },
  { id: 'chart-server-gc', title: 'Server: GC pauses', yLabel: 'ms', keys: [['gcPauseMs', 'GC pause', 1]] },
];

const CLUSTER_READING: Record<string, string> = {
  'chart-server-eventloop': 'worst worker',
  'chart-server-cpu': 'CPU summed, utilization of the busiest worker',
  'chart-server-memory': 'summed over workers',
  'chart-server-gc': 'summed over workers',
};

/** Server-side series (from the runtime monitor) on the same time axis as the load charts. */
export function serverCharts(result: RunResult): ChartSpec[] {
  const points: ServerPoint[] = result.server?.points ?? [];
  if (points.length === 0) return [];
  const x = points.map((p) => p.t);
  const has = (key: string) => points.some((p) => typeof p[key] === 'number');
  // From a cluster primary the points carry `workers`: their figures are the workers' (worst
  // event-loop delay and utilization, summed CPU, memory and GC), and the titles say so.
  const cluster = has('workers');
  const known = new Set(['workers', ...SERVER_GROUPS.flatMap((g) => g.keys.map(([k]) => k))]);
  const charts: ChartSpec[] = [];
  for (const group of SERVER_GROUPS) {
    const keys = group.keys.filter(([k]) => has(k));
    if (keys.length === 0) continue;
    charts.push({
      id: group.id,
      title: cluster ? `${group.title} (cluster: ${CLUSTER_READING[group.id]})` : group.title,
      xLabel: 'time (s)',
      yLabel: group.yLabel,
      xKind: 'seconds',
      x,
      series: keys.map(([k, label, scale], i) => ({ label, values: points.map((p) => (typeof p[k] === 'number' ? p[k]! * scale : null)), color: PALETTE[(i * 3 + 1) % PALETTE.length]! })),
    });
  }
  const others = [...new Set(points.flatMap((p) => Object.keys(p)))].filter((k) => k !== 't' && !known.has(k) && has(k));
  if (others.length) {
    charts.push({
      id: 'chart-server-other',
      title: 'Server: other series',
      xLabel: 'time (s)',
      yLabel: 'value',
      xKind: 'seconds',
      x,
      series: others.slice(0, PALETTE.length).map((k, i) => ({ label: k, values: points.map((p) => p[k] ?? null), color: PALETTE[i]! })),
    });
  }
  return charts;
}
