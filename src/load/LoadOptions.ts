import { checkInteger, checkNumber, checkOneOf, invalidInput, type Clock, type SeriesPoint } from '../core/index.js';
import type { RunStats } from './stats/RunStats.js';
import type { Stage } from './model/Stage.js';
import type { IterationFactory } from './iteration/IterationContext.js';
import type { LoadModel, ModelOptions } from './model/LoadModel.js';
import { parseThreshold, type MetricSource, type Threshold } from './stats/thresholds.js';

/** Options of a quick-mode load run: one request per iteration, closed or open model. */
export interface LoadOptions {
  /** Absolute http(s) URL each iteration requests. Required. */
  url: string;
  /** HTTP method; default `GET`. */
  method?: string;
  /** Request headers; secrets are redacted from the result. Default none. */
  headers?: Readonly<Record<string, string>>;
  /** Request body; default none. */
  body?: string | Buffer;
  /** Endpoint name in the summary; default `METHOD /path`. */
  name?: string;
  /** `closed` (VUs looping) or `open` (arrival rate); default `open` when `rate` is set, else `closed`. */
  model?: 'closed' | 'open';
  /** Closed: VUs (default 10; with stages, the starting VUs, default 0). Open: most iterations in flight (default the peak rate per second, at least 10). */
  vus?: number;
  /** Open model: arrivals per second (with stages, the starting rate, default 0). */
  rate?: number;
  /** Ramps: VU targets (closed) or rates per second (open); default one stage holding `vus`/`rate` for `durationMs`. */
  stages?: readonly Stage[];
  /** Measured duration in ms without stages; default 10 000, or unlimited when `amount` is set. */
  durationMs?: number;
  /** Stop after this many measured requests; default unlimited. */
  amount?: number;
  /** Load applied before measuring, in ms, at the starting level (not counted); default 0. */
  warmupMs?: number;
  /** Per-request timeout in ms; default 10 000. */
  timeoutMs?: number;
  /** Keep-alive connections; default `vus` (closed) or `min(vus, 256)` (open). */
  connections?: number;
  /** Requests in flight per connection (HTTP/1.1 pipelining); default 1. In the closed model VUs are multiplied by it, as autocannon's `-c N -p P`. */
  pipelining?: number;
  /** https: accept any certificate; default false. */
  insecure?: boolean;
  /** Statuses that count as success for `http_req_failed`; default every status below 400. */
  expectStatus?: readonly number[];
  /** Threshold expressions (`http_req_duration:p(95)<200`) or parsed thresholds; default none. */
  thresholds?: ReadonlyArray<string | Threshold>;
  /** Length of one series interval in ms; default 1000. */
  intervalMs?: number;
  /** How long in-flight requests may finish after the end, in ms; default `timeoutMs`. */
  gracefulStopMs?: number;
  /** Called at the end of each interval with its series point. */
  onInterval?: (point: SeriesPoint) => void;
  /** Called with each series point and its interval's latency histogram (HDR, µs, encoded), for merging worker threads' series; default none. */
  onIntervalHistogram?: (point: SeriesPoint, histogram: string) => void;
  /** Called once at the end with the final stats, before their histograms are freed; default none. */
  onEnd?: (stats: RunStats) => void;
  /** Builds the iteration VUs run; default quick mode's one request to `url` (scenario runs pass theirs). */
  iteration?: IterationFactory;
  /**
   * Builds the load model in place of the closed or open one, from the run's clock, iteration and
   * events: several schedules in one run (k6's `scenarios`); the warm-up is then the model's own.
   * Default: `model` decides.
   */
  loadModel?: (options: ModelOptions) => LoadModel;
  /** Extra threshold sources, asked before the built-in metrics (custom metrics, checks); default none. */
  metricSources?: readonly MetricSource[];
  /** Scenario name or file, written to the result's `config.scenario`; default none. */
  scenario?: string;
  /** Time source; default the system clock. Tests pass a FakeClock. */
  clock?: Clock;
}

/** Options after validation and defaulting. */
export interface ResolvedLoadOptions {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
  name: string;
  model: 'closed' | 'open';
  /** Closed: starting VUs; open: max in flight. */
  vus: number;
  /** Open: starting rate per second. */
  startRate: number;
  /** Starting VUs (closed) or rate (open). */
  start: number;
  stages: Stage[];
  durationMs: number;
  amount: number | undefined;
  warmupMs: number;
  timeoutMs: number;
  connections: number;
  pipelining: number;
  insecure: boolean;
  expectStatus: readonly number[] | undefined;
  thresholds: Threshold[];
  intervalMs: number;
  gracefulStopMs: number;
  scenario: string | undefined;
}

/** Effectively unlimited: a run bounded by `amount` only. */
export const UNLIMITED_MS = 365 * 24 * 3_600_000;

/**
 * Validates load options at the boundary and fills defaults; every problem is a LoadlineError
 * naming the option, the value and what was expected.
 */
export function resolveLoadOptions(o: LoadOptions): ResolvedLoadOptions {
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    throw invalidInput({ field: 'url', value: o.url, expected: 'an absolute http:// or https:// URL, e.g. http://127.0.0.1:3000/api/users' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidInput({ field: 'url', value: o.url, expected: 'an http:// or https:// URL' });
  const method = (o.method ?? 'GET').toUpperCase();
  if (!/^[A-Z][A-Z-]*$/.test(method)) throw invalidInput({ field: 'method', value: o.method, expected: 'an HTTP method such as GET or POST' });
  const model = o.model !== undefined ? checkOneOf(o.model, 'model', ['closed', 'open']) : o.rate !== undefined ? 'open' : 'closed';
  if (o.rate !== undefined) checkNumber(o.rate, 'rate', { above: 0 });
  if (model === 'open' && o.rate === undefined && !o.stages?.length) throw invalidInput({ field: 'rate', expected: 'an arrival rate (per second) or rate stages for the open model' });
  const stagesIn = o.stages ?? [];
  stagesIn.forEach((s, i) => {
    checkNumber(s.durationMs, `stages[${i}].durationMs`, { min: 0 });
    if (model === 'closed') checkInteger(s.target, `stages[${i}].target`, { min: 0 });
    else checkNumber(s.target, `stages[${i}].target`, { min: 0 });
  });
  const amount = o.amount === undefined ? undefined : checkInteger(o.amount, 'amount', { min: 1 });
  const pipelining = o.pipelining === undefined ? 1 : checkInteger(o.pipelining, 'pipelining', { min: 1, max: 1000 });
  const warmupMs = o.warmupMs === undefined ? 0 : checkNumber(o.warmupMs, 'warmupMs', { min: 0 });
  const timeoutMs = o.timeoutMs === undefined ? 10_000 : checkNumber(o.timeoutMs, 'timeoutMs', { above: 0 });
  const intervalMs = o.intervalMs === undefined ? 1000 : checkNumber(o.intervalMs, 'intervalMs', { min: 10 });
  if (o.durationMs !== undefined) checkNumber(o.durationMs, 'durationMs', { above: 0 });
  if (o.vus !== undefined) checkInteger(o.vus, 'vus', { min: model === 'open' ? 1 : 0, max: 100_000 });

  let stages: Stage[];
  let start: number;
  if (stagesIn.length > 0) {
    stages = stagesIn.map((s) => ({ durationMs: s.durationMs, target: s.target }));
    start = model === 'closed' ? (o.vus ?? 0) * pipelining : o.rate ?? 0;
  } else {
    const durationMs = o.durationMs ?? (amount !== undefined ? UNLIMITED_MS : 10_000);
    start = model === 'closed' ? (o.vus ?? 10) * pipelining : o.rate!;
    stages = [{ durationMs, target: start }];
  }
  if (model === 'closed' && stagesIn.length) stages = stages.map((s) => ({ ...s, target: s.target * pipelining }));
  const durationMs = stages.reduce((a, s) => a + s.durationMs, 0);
  if (durationMs <= 0) throw invalidInput({ field: 'stages', value: stagesIn, expected: 'stages lasting longer than 0 ms in total' });
  const peak = Math.max(start, ...stages.map((s) => s.target));
  if (peak <= 0) throw invalidInput({ field: model === 'closed' ? 'vus' : 'rate', value: peak, expected: 'a load above 0 at some point of the run' });
  const vus = model === 'closed' ? peak : o.vus ?? Math.min(10_000, Math.max(10, Math.ceil(peak)));
  const connections = o.connections !== undefined
    ? checkInteger(o.connections, 'connections', { min: 1, max: 100_000 })
    : Math.max(1, Math.ceil(model === 'closed' ? peak / pipelining : Math.min(vus, 256)));

  const expectStatus = o.expectStatus?.map((s, i) => checkInteger(s, `expectStatus[${i}]`, { min: 100, max: 599 }));
  const thresholds = (o.thresholds ?? []).map((t, i) => (typeof t === 'string' ? parseThreshold(t, { field: `thresholds[${i}]` }) : t));
  return {
    url,
    method,
    headers: { ...(o.headers ?? {}) },
    body: o.body,
    name: o.name ?? `${method} ${url.pathname}${url.search}`,
    model,
    vus,
    startRate: model === 'open' ? start : 0,
    start,
    stages,
    durationMs,
    amount,
    warmupMs,
    timeoutMs,
    connections,
    pipelining,
    insecure: o.insecure ?? false,
    expectStatus,
    thresholds,
    intervalMs,
    gracefulStopMs: o.gracefulStopMs ?? timeoutMs,
    scenario: o.scenario,
  };
}
