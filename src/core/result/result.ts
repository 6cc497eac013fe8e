/**
 * The result file: what a load run leaves behind, and all that reports, `compare`, budgets and
 * capacity search read. Versioned (`version: 1`); within v1 fields are only ever added.
 * JSON Schema: `schema/result.v1.json`. Latency is in milliseconds everywhere except inside the
 * serialized histograms, which hold microseconds.
 */
import type { LatencySummaryMs } from '../histogram/histogram.js';
import type { RunDatastores, RunQueries } from './resultServer.js';

export type { RunQueries, RunQueryStatement, RunRouteQueries, RunNPlusOne, RunSlowQuery, RunDatastores, RedisSamplePoint, PgSamplePoint, PgSampleStatement, DatastoreGap } from './resultServer.js';

export const RESULT_FORMAT = 'loadline.result';
export const RESULT_VERSION = 1;

export type ErrorKind = 'refused' | 'reset' | 'timeout' | 'dns' | 'tls' | 'http4xx' | 'http5xx' | 'check' | 'other';
export const ERROR_KINDS: readonly ErrorKind[] = ['refused', 'reset', 'timeout', 'dns', 'tls', 'http4xx', 'http5xx', 'check', 'other'];

/** Latency percentiles in milliseconds, as `Histogram.summaryMs()` gives them, without the count. */
export type LatencyStats = Omit<LatencySummaryMs, 'count'>;

/** Mean time of each phase of a request, in milliseconds. */
export interface TimingBreakdown {
  /** Waiting for a connection from the pool, or for the arrival slot. */
  blocked: number;
  connect: number;
  tls: number;
  /** Request written until the first byte of the response. */
  ttfb: number;
  /** First byte until the last byte of the response. */
  receive: number;
}

export interface EndpointSummary {
  /** `total` for the whole run; the step name (or `METHOD path`) for an endpoint. */
  name: string;
  method?: string;
  url?: string;
  requests: number;
  /** Requests completed per second over the measured duration. */
  rps: number;
  /**
   * `total`: failed requests, each once; `byKind`: requests per kind (kinds overlap); `messages`
   * (additive): the first error text of each transport kind seen, `CODE: message`.
   */
  errors: { total: number; byKind: Record<ErrorKind, number>; messages?: Partial<Record<ErrorKind, string>> };
  /** Responses counted per HTTP status, keys are the status as a string. */
  statusCodes: Record<string, number>;
  latency: LatencyStats;
  timings?: TimingBreakdown;
  bytesReceived?: number;
  bytesSent?: number;
}

export interface ThresholdResult {
  expression: string;
  metric: string;
  /** The aggregated value the expression was judged on; null when the metric had no samples. */
  observed: number | null;
  ok: boolean;
  /** `error` fails the run; `warn` reports without failing. */
  level: 'error' | 'warn';
  abortOnFail?: boolean;
  /** Why it failed when not by value, e.g. "no samples for http_req_duration{name:login}". */
  reason?: string;
}

/** One point of the per-interval series; `t` is seconds since the measured start. */
export interface SeriesPoint {
  t: number;
  requests: number;
  rps: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  /** Active virtual users (closed model) or in-flight iterations (open model). */
  vus: number;
  /** Target arrival rate for this interval (open model). */
  rate?: number;
  /** Iterations that could not start this interval (open model). */
  dropped?: number;
}

/** Server-side samples, from `loadline run --monitor`; `t` on the same axis as `series`. */
export interface ServerPoint {
  t: number;
  eventLoopDelayP99Ms?: number;
  eventLoopUtilization?: number;
  cpuPercent?: number;
  heapUsedBytes?: number;
  rssBytes?: number;
  gcPauseMs?: number;
  [key: string]: number | undefined;
}

/** One named check of a scenario over the run, as k6 counts it (`summary.checks.byName`). */
export interface CheckSummary {
  passes: number;
  fails: number;
  /** passes / (passes + fails). */
  rate: number;
  /** The request (endpoint name) whose responses it checks. */
  request: string;
}

/** One capture of a scenario over the run (`summary.captures`): how often it found nothing. */
export interface CaptureSummary {
  /** The request (endpoint name) whose responses it reads. */
  request: string;
  /** Measured responses it ran on. */
  responses: number;
  /** Responses where it matched nothing (its variable kept, or set to its default). */
  misses: number;
}

export interface CustomMetricSummary {
  type: 'counter' | 'rate' | 'trend' | 'gauge';
  /** counter: total; rate: fraction true; gauge: last value; trend: mean. */
  value: number;
  count?: number;
  rate?: number;
  latency?: LatencyStats;
  /** gauge: smallest and largest value taken; absent without samples. */
  min?: number;
  max?: number;
  /** A tagged series (keyed by its series key, `name{tag:value,...}`): its metric and tags. */
  metric?: string;
  tags?: Record<string, string>;
  /** A metric's total: samples whose tag set found no room past the series cap (in the total only). */
  seriesOverflow?: number;
}

/** `config.profile` of a run driven by a named profile (`--profile`). */
export interface ProfileConfig {
  name: string;
  /** `users` (closed model, VUs) or `rate` (open model, arrivals per second). */
  unit: 'users' | 'rate';
  /** Highest level of the resolved profile: VUs, or arrivals per second. */
  peak: number;
  /** The `--scale` factor; 1 when not given. */
  scale: number;
}

export interface RunResult {
  format: typeof RESULT_FORMAT;
  version: typeof RESULT_VERSION;
  /** loadline version that wrote the file. */
  generator: string;
  startedAt: string;
  endedAt: string;
  /** `completed`; `aborted` by an abortOnFail threshold; `interrupted` by SIGINT. */
  status: 'completed' | 'aborted' | 'interrupted';
  /** The run's configuration as resolved, secrets redacted. */
  config: {
    target: string;
    scenario?: string;
    model: 'closed' | 'open';
    durationMs: number;
    warmupMs?: number;
    profile?: ProfileConfig;
    [key: string]: unknown;
  };
  summary: {
    model: 'closed' | 'open';
    /** Measured duration in milliseconds (warm-up excluded). */
    durationMs: number;
    /** Plain-words caveat of the load model, e.g. that a closed model can hide stalls. */
    modelNote?: string;
    total: EndpointSummary;
    endpoints: EndpointSummary[];
    iterations?: { count: number; rate: number; dropped: number };
    /** Every check together (the `checks` rate); `byName` each named check that ran, in scenario order. */
    checks?: { passes: number; fails: number; rate: number; byName?: Record<string, CheckSummary> };
    /** Scenario captures by name, in scenario order; absent without captures. */
    captures?: Record<string, CaptureSummary>;
    /** `http_req_failed` rate: transport errors plus unexpected statuses over requests. */
    errorRate: number;
    metrics?: Record<string, CustomMetricSummary>;
  };
  thresholds: ThresholdResult[];
  series: { intervalMs: number; points: SeriesPoint[] };
  /** HdrHistogram compressed base64, values in microseconds. */
  histograms: { unit: 'us'; total: string; endpoints: Record<string, string> };
  server?: { source: string; points: ServerPoint[] };
  /** Additive: the target's query table over the run (`loadline run --monitor` with a query monitor attached). */
  queries?: RunQueries;
  /** Additive: Redis and PostgreSQL sampled during the run (`--sample-redis`, `--sample-pg`). */
  datastores?: RunDatastores;
}
