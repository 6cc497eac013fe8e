import { monitorEventLoopDelay, performance, PerformanceObserver, constants, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import v8 from 'node:v8';
import { ComputedFamily } from '../exposition/ComputedFamily.js';
import type { PrometheusRegistry } from '../exposition/PrometheusRegistry.js';
import type { HistogramMetric } from '../../core/index.js';

/** Event-loop delay over one interval, in milliseconds: how late the loop ran a timer, beyond its sampling period. */
export interface EventLoopDelayMs {
  min: number;
  mean: number;
  stddev: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Runtime figures of one interval. Percentages are of one CPU core (can pass 100 with worker threads). */
export interface RuntimeSample {
  eventLoopDelay: EventLoopDelayMs;
  /** Share of the interval the event loop was busy, 0..1. */
  eventLoopUtilization: number;
  cpuPercent: number;
  cpuUserPercent: number;
  cpuSystemPercent: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  heapLimitBytes: number;
  rssBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  /** Handles and requests keeping the event loop alive (sockets, timers, fs requests). */
  activeResources: number;
  gc: { count: number; pauseMs: number; byKind: Record<string, { count: number; pauseMs: number }> };
}

export interface RuntimeProbesOptions {
  /** Sampling period of the event-loop delay histogram (subtracted from what it records); default 10 ms. */
  eventLoopResolutionMs?: number;
  /** Called with V8's used heap size right after each major (mark-sweep) GC, for leak detection. */
  onMajorGc?: (heapUsedBytes: number) => void;
  /**
   * Observe every GC (pause histogram by kind, leak detection); default true. Node builds a
   * performance entry per GC, which costs measurable CPU when allocation-heavy traffic makes
   * minor GCs frequent: bench/monitor-http.bench.mjs prints both.
   */
  gc?: boolean;
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/** The parts of perf_hooks' IntervalHistogram the delay is read from (nanoseconds). */
export interface DelayHistogram {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly stddev: number;
  percentile(p: number): number;
}

/**
 * The event-loop delay of one interval in ms, as clinic doctor and prom-client's
 * `nodejs_eventloop_lag_seconds` report it: the time a timer fired late, so an idle loop reads
 * about 0. `monitorEventLoopDelay` records the whole time between two of its timer callbacks,
 * the sampling period (`resolutionMs`) included, so every statistic of its histogram is the
 * resolution plus the delay: the resolution is subtracted (never below 0; a timer can fire a
 * hair early). The spread (stddev) does not change.
 */
export function eventLoopDelayMs(h: DelayHistogram, resolutionMs: number): EventLoopDelayMs {
  if (h.count === 0) return { min: 0, mean: 0, stddev: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  const late = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - resolutionMs) : 0);
  return { min: late(h.min), mean: late(h.mean), stddev: Number.isFinite(h.stddev) ? h.stddev / 1e6 : 0, p50: late(h.percentile(50)), p90: late(h.percentile(90)), p99: late(h.percentile(99)), max: late(h.max) };
}

/**
 * The runtime probes: event-loop delay from `perf_hooks.monitorEventLoopDelay` (never from the
 * time a scrape took), event-loop utilization, GC pauses by kind, heap, RSS and CPU. Registers the
 * prom-client-compatible `process_*` and `nodejs_*` families into the registry.
 */
export class RuntimeProbes {
  readonly #eld: IntervalHistogram;
  readonly #resolutionMs: number;
  readonly #gcObserver: PerformanceObserver;
  readonly #gcHistogram: HistogramMetric;
  readonly #onMajorGc: ((heapUsedBytes: number) => void) | undefined;
  #elu: EventLoopUtilization;
  #cpu: NodeJS.CpuUsage;
  #cpuAt: number;
  #gc = { count: 0, pauseMs: 0, byKind: {} as Record<string, { count: number; pauseMs: number }> };
  #last: RuntimeSample | undefined;
  #running = false;
  readonly #observeGc: boolean;

  constructor(registry: PrometheusRegistry, options: RuntimeProbesOptions = {}) {
    this.#resolutionMs = options.eventLoopResolutionMs ?? 10;
    this.#eld = monitorEventLoopDelay({ resolution: this.#resolutionMs });
    this.#onMajorGc = options.onMajorGc;
    this.#observeGc = options.gc ?? true;
    this.#elu = performance.eventLoopUtilization();
    this.#cpu = process.cpuUsage();
    this.#cpuAt = performance.now();
    this.#gcHistogram = registry.histogram({ name: 'nodejs_gc_duration_seconds', help: 'Garbage collection pause duration by kind (minor, major, incremental, weakcb), in seconds.', labelNames: ['kind'], buckets: [0.001, 0.01, 0.1, 1, 2, 5] });
    this.#gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = GC_KINDS[((entry as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind ?? -1] ?? 'unknown';
        this.#gcHistogram.observe(entry.duration / 1000, { kind });
        const k = (this.#gc.byKind[kind] ??= { count: 0, pauseMs: 0 });
        k.count++;
        k.pauseMs += entry.duration;
        this.#gc.count++;
        this.#gc.pauseMs += entry.duration;
        if (kind === 'major' && this.#onMajorGc) this.#onMajorGc(v8.getHeapStatistics().used_heap_size);
      }
    });
    this.#registerFamilies(registry);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#eld.enable();
    if (this.#observeGc) this.#gcObserver.observe({ entryTypes: ['gc'] });
  }

  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#eld.disable();
    this.#gcObserver.disconnect();
  }

  /** The last interval's sample, if one was taken. */
  get last(): RuntimeSample | undefined {
    return this.#last;
  }

  /** Closes the interval: figures since the previous call, and resets the delay histogram. */
  sample(): RuntimeSample {
    const eventLoopDelay = eventLoopDelayMs(this.#eld, this.#resolutionMs);
    this.#eld.reset();
    const elu = performance.eventLoopUtilization(this.#elu);
    this.#elu = performance.eventLoopUtilization();
    const now = performance.now();
    const cpu = process.cpuUsage(this.#cpu);
    const elapsedUs = Math.max(1, (now - this.#cpuAt) * 1000);
    this.#cpu = process.cpuUsage();
    this.#cpuAt = now;
    const mem = process.memoryUsage();
    const heap = v8.getHeapStatistics();
    const gc = this.#gc;
    this.#gc = { count: 0, pauseMs: 0, byKind: {} };
    this.#last = {
      eventLoopDelay,
      eventLoopUtilization: elu.utilization,
      cpuPercent: ((cpu.user + cpu.system) / elapsedUs) * 100,
      cpuUserPercent: (cpu.user / elapsedUs) * 100,
      cpuSystemPercent: (cpu.system / elapsedUs) * 100,
      heapUsedBytes: mem.heapUsed,
      heapTotalBytes: mem.heapTotal,
      heapLimitBytes: heap.heap_size_limit,
      rssBytes: mem.rss,
      externalBytes: mem.external,
      arrayBuffersBytes: mem.arrayBuffers,
      activeResources: process.getActiveResourcesInfo().length,
      gc,
    };
    return this.#last;
  }

  #registerFamilies(registry: PrometheusRegistry): void {
    const startSeconds = Math.round((performance.timeOrigin ?? Date.now()) / 1000);
    const lag = (pick: (d: EventLoopDelayMs) => number) => () => (this.#last ? pick(this.#last.eventLoopDelay) / 1000 : 0);
    const v = process.versions.node.split('.');
    const families: ComputedFamily[] = [
      new ComputedFamily('process_cpu_user_seconds_total', 'Total user CPU time spent in seconds.', 'counter', () => process.cpuUsage().user / 1e6),
      new ComputedFamily('process_cpu_system_seconds_total', 'Total system CPU time spent in seconds.', 'counter', () => process.cpuUsage().system / 1e6),
      new ComputedFamily('process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.', 'counter', () => {
        const c = process.cpuUsage();
        return (c.user + c.system) / 1e6;
      }),
      new ComputedFamily('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', 'gauge', () => startSeconds),
      new ComputedFamily('process_resident_memory_bytes', 'Resident memory size in bytes.', 'gauge', () => process.memoryUsage.rss()),
      new ComputedFamily('nodejs_eventloop_lag_seconds', 'Mean event-loop delay over the last interval (beyond the sampling period), from perf_hooks.monitorEventLoopDelay, in seconds.', 'gauge', lag((d) => d.mean)),
      new ComputedFamily('nodejs_eventloop_lag_min_seconds', 'Minimum event-loop delay over the last interval in seconds.', 'gauge', lag((d) => d.min)),
      new ComputedFamily('nodejs_eventloop_lag_max_seconds', 'Maximum event-loop delay over the last interval in seconds.', 'gauge', lag((d) => d.max)),
      new ComputedFamily('nodejs_eventloop_lag_mean_seconds', 'Mean event-loop delay over the last interval in seconds.', 'gauge', lag((d) => d.mean)),
      new ComputedFamily('nodejs_eventloop_lag_stddev_seconds', 'Standard deviation of event-loop delay over the last interval in seconds.', 'gauge', lag((d) => d.stddev)),
      new ComputedFamily('nodejs_eventloop_lag_p50_seconds', 'Median event-loop delay over the last interval in seconds.', 'gauge', lag((d) => d.p50)),
      new ComputedFamily('nodejs_eventloop_lag_p90_seconds', '90th percentile of event-loop delay over the last interval in seconds.', 'gauge', lag((d) => d.p90)),
      new ComputedFamily('nodejs_eventloop_lag_p99_seconds', '99th percentile of event-loop delay over the last interval in seconds.', 'gauge', lag((d) => d.p99)),
      new ComputedFamily('nodejs_eventloop_utilization_ratio', 'Share of the last interval the event loop was busy, 0 to 1.', 'gauge', () => this.#last?.eventLoopUtilization ?? 0),
      new ComputedFamily('nodejs_active_resources', 'Resources keeping the event loop alive, by type (sum them for the old *_total gauges).', 'gauge', () => {
        const byType = new Map<string, number>();
        for (const t of process.getActiveResourcesInfo()) byType.set(t, (byType.get(t) ?? 0) + 1);
        return [...byType].map(([type, value]) => ({ labels: { type }, value }));
      }),
      new ComputedFamily('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.', 'gauge', () => process.memoryUsage().heapTotal),
      new ComputedFamily('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.', 'gauge', () => process.memoryUsage().heapUsed),
      new ComputedFamily('nodejs_heap_size_limit_bytes', 'V8 heap size limit in bytes.', 'gauge', () => v8.getHeapStatistics().heap_size_limit),
      new ComputedFamily('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', 'gauge', () => process.memoryUsage().external),
      new ComputedFamily('nodejs_array_buffers_bytes', 'Memory allocated for ArrayBuffers and SharedArrayBuffers in bytes.', 'gauge', () => process.memoryUsage().arrayBuffers),
      ...(['total', 'used', 'available'] as const).map(
        (kind) =>
          new ComputedFamily(`nodejs_heap_space_size_${kind}_bytes`, `Process heap space size ${kind} from Node.js in bytes.`, 'gauge', () =>
            v8.getHeapSpaceStatistics().map((s) => ({
              labels: { space: s.space_name.replace(/_space$/, '') },
              value: kind === 'total' ? s.space_size : kind === 'used' ? s.space_used_size : s.space_available_size,
            })),
          ),
      ),
      new ComputedFamily('nodejs_version_info', 'Node.js version info.', 'gauge', () => [{ labels: { version: process.version, major: v[0] ?? '', minor: v[1] ?? '', patch: v[2] ?? '' }, value: 1 }]),
    ];
    for (const f of families) registry.addFamily(f);
  }
}
