import type { RuntimeSample } from '../runtime/RuntimeProbes.js';

/** One worker's latest runtime figures, as the primary's JSON endpoints and dashboard show them. */
export interface WorkerRuntime {
  pid: number;
  /** Wall-clock time of the worker's latest report, ms since the epoch. */
  reportedAt: number;
  /** Its latest runtime sample; null when the worker runs without runtime probes. */
  runtime: RuntimeSample | null;
}

/**
 * Figures over the workers that report runtime: sums where a sum means something (memory, CPU,
 * GC time) and maxima for the worst worker. Event-loop delay is not merged: its p99 here is the
 * largest of the workers' p99s (the worst worker's), not the p99 of all their delays together.
 */
export interface ClusterRuntimeSummary {
  /** Workers known to the primary (exited ones excluded). */
  workers: number;
  /** Workers whose latest report carried runtime figures (what the figures below cover). */
  reporting: number;
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  /** Sum of the workers' CPU, in percent of one core. */
  cpuPercent: number;
  /** Sum of the workers' GC pause time over their last interval, in ms. */
  gcPauseMs: number;
  /** The largest of the workers' event-loop delay p99s, in ms (a max of p99s, not a merged p99). */
  eventLoopDelayP99MaxMs: number;
  /** The largest of the workers' event-loop delay maxima, in ms. */
  eventLoopDelayMaxMs: number;
  /** The busiest worker's event-loop utilization, 0..1. */
  eventLoopUtilizationMax: number;
  /** Pid of the worker with the largest event-loop delay p99; null when none reports runtime. */
  slowestPid: number | null;
}

/** What a primary aggregating node:cluster workers adds to its samples and `/api/performance/stats`. */
export interface ClusterView {
  /** One entry per live worker, by ascending pid. */
  workers: WorkerRuntime[];
  summary: ClusterRuntimeSummary;
}

export function summarizeWorkers(workers: readonly WorkerRuntime[]): ClusterRuntimeSummary {
  const summary: ClusterRuntimeSummary = {
    workers: workers.length,
    reporting: 0,
    rssBytes: 0,
    heapUsedBytes: 0,
    heapTotalBytes: 0,
    cpuPercent: 0,
    gcPauseMs: 0,
    eventLoopDelayP99MaxMs: 0,
    eventLoopDelayMaxMs: 0,
    eventLoopUtilizationMax: 0,
    slowestPid: null,
  };
  for (const { pid, runtime: r } of workers) {
    if (r === null) continue;
    summary.reporting++;
    summary.rssBytes += r.rssBytes;
    summary.heapUsedBytes += r.heapUsedBytes;
    summary.heapTotalBytes += r.heapTotalBytes;
    summary.cpuPercent += r.cpuPercent;
    summary.gcPauseMs += r.gc.pauseMs;
    if (summary.slowestPid === null || r.eventLoopDelay.p99 > summary.eventLoopDelayP99MaxMs) {
      summary.eventLoopDelayP99MaxMs = r.eventLoopDelay.p99;
      summary.slowestPid = pid;
    }
    summary.eventLoopDelayMaxMs = Math.max(summary.eventLoopDelayMaxMs, r.eventLoopDelay.max);
    summary.eventLoopUtilizationMax = Math.max(summary.eventLoopUtilizationMax, r.eventLoopUtilization);
  }
  return summary;
}
