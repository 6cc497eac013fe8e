import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import type { HttpDelta } from '../http/HttpMetrics.js';
import type { Monitor } from '../Monitor.js';
import { checkInteger, checkKnownKeys } from '../../core/index.js';
import type { RuntimeSample } from '../runtime/RuntimeProbes.js';
import { summarizeWorkers, type ClusterView, type WorkerRuntime } from './ClusterView.js';
import { ComputedFamily } from '../exposition/ComputedFamily.js';

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

function workerRuntimeFamilies(runtimes: () => Iterable<WorkerRuntime>): ComputedFamily[] {
  return WORKER_GAUGES.map(([name, help, read]) => new ComputedFamily(name, help, 'gauge', () => {
    const samples = [];
    for (const { pid, runtime } of runtimes()) if (runtime !== null) samples.push({ labels: { pid: String(pid) }, value: read(runtime) });
    return samples;
  }));
}

export interface ClusterAggregationOptions {
  /**
   * A worker that has not reported for this long is dropped, as an exited one is at once (covers
   * transports with no exit event, and a worker whose IPC broke); default the larger of 60,000 ms
   * and three monitor intervals.
   */
  staleAfterMs?: number;
}

export interface ClusterAggregation {
  /** Latest runtime sample of each live worker, by pid. */
  workers(): Map<number, RuntimeSample | undefined>;
  /** Each live worker's runtime figures and their sums and maxima (what the primary's JSON and dashboard show). */
  view(): ClusterView;
  /** Adds one worker report (what the IPC listener does; exposed for other transports and tests). */
  apply(report: WorkerReport): void;
  stop(): void;
}

interface WorkerState extends WorkerRuntime {
  /** Monotonic time of the latest report (the monitor's clock), for staleness. */
  seenAt: number;
  inFlight: number;
}

/**
 * Primary side: merges every worker's reports into the primary's monitor, so its `/metrics`,
 * JSON, dashboard, alerts and SLOs show the whole service. HDR histograms are merged, never
 * averaged, so the primary's p99 is the p99 of every sample of every worker. Each worker's
 * runtime figures (event loop, CPU, heap, GC) are kept apart, by pid: `/metrics` serves them as
 * `loadline_worker_*{pid}` gauges, the JSON endpoints and the dashboard as a `cluster` view.
 *
 * @example
 * if (cluster.isPrimary) { const monitor = createMonitor(); aggregateCluster(monitor); await serveMonitor(monitor, { port: 9464 }); }
 */
export function aggregateCluster(monitor: Monitor, source: Pick<typeof cluster, 'on' | 'off'> = cluster, options: ClusterAggregationOptions = {}): ClusterAggregation {
  checkKnownKeys(options, ['staleAfterMs']);
  const staleAfterMs = checkInteger(options.staleAfterMs ?? Math.max(60_000, 3 * monitor.intervalMs), 'staleAfterMs', { min: 1 });
  const states = new Map<number, WorkerState>();
  const live = (): Map<number, WorkerState> => {
    const now = monitor.clock.now();
    for (const [pid, w] of states) if (now - w.seenAt > staleAfterMs) forget(pid);
    return states;
  };
  const forget = (pid: number) => {
    states.delete(pid);
    updateInFlight();
  };
  const updateInFlight = () => {
    let total = 0;
    for (const w of states.values()) total += w.inFlight;
    monitor.http.inFlight = total;
  };
  for (const family of workerRuntimeFamilies(() => live().values())) monitor.registry.addFamily(family);
  const apply = (report: WorkerReport) => {
    monitor.http.applyDelta(report.http);
    states.set(report.pid, { pid: report.pid, reportedAt: monitor.clock.wallNow(), runtime: report.runtime ?? null, seenAt: monitor.clock.now(), inFlight: report.http.inFlight });
    updateInFlight();
  };
  const view = (): ClusterView => {
    const workers = [...live().values()].sort((a, b) => a.pid - b.pid).map(({ pid, reportedAt, runtime }) => ({ pid, reportedAt, runtime }));
    return { workers, summary: summarizeWorkers(workers) };
  };
  const onMessage = (_worker: Worker, message: unknown) => {
    if (isReport(message)) apply(message);
  };
  const onExit = (worker: Worker) => {
    const pid = worker.process.pid;
    if (pid !== undefined) forget(pid);
  };
  source.on('message', onMessage);
  source.on('exit', onExit);
  const detach = monitor.setClusterView(view);
  return {
    workers: () => new Map([...live()].map(([pid, w]) => [pid, w.runtime ?? undefined])),
    view,
    apply,
    stop: () => {
      source.off('message', onMessage);
      source.off('exit', onExit);
      detach();
    },
  };
}
