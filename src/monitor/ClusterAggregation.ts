import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import type { HttpDelta } from './HttpMetrics.js';
import type { Monitor } from './Monitor.js';
import type { RuntimeSample } from './RuntimeProbes.js';
import { ComputedFamily } from './ComputedFamily.js';

/** The IPC message a worker sends its primary once per monitor interval. */
export interface WorkerReport {
  type: 'loadline.monitor.report';
  pid: number;
  http: HttpDelta;
  runtime?: RuntimeSample;
}

function isReport(message: unknown): message is WorkerReport {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'loadline.monitor.report';
}

/**
 * Worker side of node:cluster aggregation: after each interval, sends what the worker recorded
 * (HDR histograms encoded, bucket counts as deltas) to the primary over IPC. Returns a function
 * that stops reporting.
 *
 * @example
 * if (cluster.isWorker) reportToPrimary(monitor);
 */
export function reportToPrimary(monitor: Monitor, send: (message: WorkerReport) => unknown = (m) => process.send?.(m)): () => void {
  return monitor.onSample((sample) => {
    const report: WorkerReport = { type: 'loadline.monitor.report', pid: process.pid, http: monitor.http.drainDelta() };
    if (sample.runtime) report.runtime = sample.runtime;
    send(report);
  });
}

/** Each worker's latest runtime figures, as gauges labelled with its pid (the primary's own stay unlabelled). */
const WORKER_GAUGES: ReadonlyArray<readonly [string, string, (r: RuntimeSample) => number]> = [
  ['loadline_worker_eventloop_lag_p99_seconds', "99th percentile of a worker's event-loop delay over its last interval, in seconds.", (r) => r.eventLoopDelay.p99 / 1000],
  ['loadline_worker_eventloop_utilization_ratio', "Share of a worker's last interval its event loop was busy.", (r) => r.eventLoopUtilization],
  ['loadline_worker_cpu_ratio', "A worker's process CPU (user + system) over its last interval, as a share of one core.", (r) => r.cpuPercent / 100],
  ['loadline_worker_heap_used_bytes', "A worker's V8 heap in use, in bytes.", (r) => r.heapUsedBytes],
  ['loadline_worker_resident_memory_bytes', "A worker's resident set size, in bytes.", (r) => r.rssBytes],
  ['loadline_worker_gc_pause_seconds', "GC pause time in a worker's last interval, in seconds.", (r) => r.gc.pauseMs / 1000],
];

function workerRuntimeFamilies(runtimes: ReadonlyMap<number, RuntimeSample | undefined>): ComputedFamily[] {
  return WORKER_GAUGES.map(([name, help, read]) => new ComputedFamily(name, help, 'gauge', () => {
    const samples = [];
    for (const [pid, runtime] of runtimes) if (runtime !== undefined) samples.push({ labels: { pid: String(pid) }, value: read(runtime) });
    return samples;
  }));
}

export interface ClusterAggregation {
  /** Latest runtime sample of each worker, by pid. */
  workers(): Map<number, RuntimeSample | undefined>;
  /** Adds one worker report (what the IPC listener does; exposed for other transports and tests). */
  apply(report: WorkerReport): void;
  stop(): void;
}

/**
 * Primary side: merges every worker's reports into the primary's monitor, so its `/metrics`,
 * JSON, dashboard, alerts and SLOs show the whole service. HDR histograms are merged, never
 * averaged, so the primary's p99 is the p99 of every sample of every worker.
 *
 * @example
 * if (cluster.isPrimary) { const monitor = createMonitor(); aggregateCluster(monitor); await serveMonitor(monitor, { port: 9464 }); }
 */
export function aggregateCluster(monitor: Monitor, source: Pick<typeof cluster, 'on' | 'off'> = cluster): ClusterAggregation {
  const runtimes = new Map<number, RuntimeSample | undefined>();
  for (const family of workerRuntimeFamilies(runtimes)) monitor.registry.addFamily(family);
  const inFlight = new Map<number, number>();
  const apply = (report: WorkerReport) => {
    monitor.http.applyDelta(report.http);
    runtimes.set(report.pid, report.runtime);
    inFlight.set(report.pid, report.http.inFlight);
    let total = 0;
    for (const n of inFlight.values()) total += n;
    monitor.http.inFlight = total;
  };
  const onMessage = (worker: Worker, message: unknown) => {
    if (isReport(message)) apply(message);
  };
  const onExit = (worker: Worker) => {
    const pid = worker.process.pid;
    if (pid !== undefined) {
      runtimes.delete(pid);
      inFlight.delete(pid);
    }
  };
  source.on('message', onMessage);
  source.on('exit', onExit);
  return {
    workers: () => runtimes,
    apply,
    stop: () => {
      source.off('message', onMessage);
      source.off('exit', onExit);
    },
  };
}
