import { checkInteger, checkString, invalidInput, systemClock, type Clock, type ServerPoint, type TimerHandle } from '../core/index.js';
import type { MonitorSample } from './MonitorSample.js';

export interface SampleMonitorOptions {
  /** Time between polls; default 1000 ms. */
  intervalMs?: number;
  /** Bearer token of the target's monitor; default `process.env.LOADLINE_TOKEN`. */
  token?: string;
  /** Wall-clock ms that is `t = 0` of the points (the run's measured start); default when sampling starts. */
  startMs?: number;
  /** Time one poll may take; default 2000 ms. */
  timeoutMs?: number;
  /** Start polling on a timer; default true (false: call `poll()` yourself). */
  autoStart?: boolean;
  clock?: Clock;
}

export interface MonitorSampler {
  /** Points collected so far, oldest first, `t` in seconds since `startMs`. */
  readonly points: ServerPoint[];
  /** Polls that failed (target down, bad token, timeout). */
  readonly errors: number;
  /** Fetches the samples the target produced since the last poll. */
  poll(): Promise<void>;
  /** Stops polling after one last poll; resolves with every point. */
  stop(): Promise<ServerPoint[]>;
}

/**
 * Turns a monitor sample into the result file's server point. From a node:cluster primary
 * (a sample with a `cluster` view) the runtime figures are the workers', which serve the load:
 * the worst worker's event-loop p99 and utilization, CPU, heap, RSS and GC summed over workers,
 * and `workers`, their count.
 */
export function toServerPoint(sample: MonitorSample, startMs: number): ServerPoint {
  const point: ServerPoint = { t: (sample.t - startMs) / 1000 };
  const rt = sample.runtime;
  const workers = sample.cluster?.summary;
  if (workers && workers.reporting > 0) {
    point.eventLoopDelayP99Ms = workers.eventLoopDelayP99MaxMs;
    point.eventLoopUtilization = workers.eventLoopUtilizationMax;
    point.cpuPercent = workers.cpuPercent;
    point.heapUsedBytes = workers.heapUsedBytes;
    point.rssBytes = workers.rssBytes;
    point.gcPauseMs = workers.gcPauseMs;
    point.workers = workers.reporting;
  } else if (rt) {
    point.eventLoopDelayP99Ms = rt.eventLoopDelay.p99;
    point.eventLoopUtilization = rt.eventLoopUtilization;
    point.cpuPercent = rt.cpuPercent;
    point.heapUsedBytes = rt.heapUsedBytes;
    point.rssBytes = rt.rssBytes;
    point.gcPauseMs = rt.gc.pauseMs;
  }
  point.serverRps = sample.http.rps;
  point.serverP99Ms = sample.http.latency.p99;
  point.serverErrorRate = sample.http.errorRate;
  point.inFlight = sample.http.inFlight;
  return point;
}

/**
 * Polls a service's monitor (`/api/monitoring/metrics?since=`) during a load run and collects
 * its server-side series as `ServerPoint`s, for `loadline run --monitor` and reports.
 *
 * @example
 * const sampler = sampleMonitor('http://127.0.0.1:3000', { token, startMs: Date.now() });
 * // ... run the load ...
 * result.server = { source: 'http://127.0.0.1:3000', points: await sampler.stop() };
 */
export function sampleMonitor(baseUrl: string, options: SampleMonitorOptions = {}): MonitorSampler {
  checkString(baseUrl, 'baseUrl');
  let endpoint: URL;
  try {
    endpoint = new URL('api/monitoring/metrics', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  } catch {
    throw invalidInput({ field: 'baseUrl', value: baseUrl, expected: 'the base URL of a service running the loadline monitor, e.g. http://127.0.0.1:3000' });
  }
  const clock = options.clock ?? systemClock;
  const intervalMs = checkInteger(options.intervalMs ?? 1000, 'intervalMs', { min: 10 });
  const timeoutMs = checkInteger(options.timeoutMs ?? 2000, 'timeoutMs', { min: 1 });
  const token = options.token ?? process.env.LOADLINE_TOKEN;
  const startMs = options.startMs ?? clock.wallNow();
  const points: ServerPoint[] = [];
  let since = Number.NEGATIVE_INFINITY;
  let errors = 0;
  let timer: TimerHandle | undefined;
  let stopped = false;
  let inFlight: Promise<void> | undefined;

  const fetchOnce = async () => {
    const url = new URL(endpoint);
    url.searchParams.set('since', Number.isFinite(since) ? String(since) : '0');
    try {
      const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) {
        errors++;
        await res.arrayBuffer().catch(() => undefined);
        return;
      }
      const body = (await res.json()) as { samples?: MonitorSample[] };
      for (const s of body.samples ?? []) {
        if (s.t <= since) continue;
        since = s.t;
        if (s.t >= startMs) points.push(toServerPoint(s, startMs));
      }
    } catch {
      errors++;
    }
  };
  const poll = () => (inFlight ??= fetchOnce().finally(() => (inFlight = undefined)));
  const schedule = () => {
    timer = clock.setTimeout(() => {
      void poll().then(() => {
        if (!stopped) schedule();
      });
    }, intervalMs);
    timer.unref?.();
  };
  if (options.autoStart ?? true) schedule();
  return {
    points,
    get errors() {
      return errors;
    },
    poll,
    async stop() {
      stopped = true;
      if (timer) clock.clearTimeout(timer);
      await inFlight;
      await poll();
      return points;
    },
  };
}
