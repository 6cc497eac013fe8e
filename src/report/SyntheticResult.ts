import {
  ERROR_KINDS,
  invalidInput,
  Histogram,
  RESULT_FORMAT,
  RESULT_VERSION,
  SeededRandom,
  type EndpointSummary,
  type ErrorKind,
  type LatencyStats,
  type RunResult,
  type SeriesPoint,
  type ServerPoint,
  type ThresholdResult,
} from '../core/index.js';

/** One endpoint of a synthetic run. */
export interface SyntheticEndpoint {
  /** Endpoint name as the result file carries it, e.g. `GET /users`. */
  name: string;
  /** Share of the requests, relative to the other endpoints; default 1. */
  weight?: number;
  /** Multiplier on this endpoint's latency; default 1. */
  latencyScale?: number;
  /** Fraction of this endpoint's requests that fail; default the run's `errorRate`. */
  errorRate?: number;
}

/** How to synthesize a run. Every default gives a healthy 30 s open-model run at 200 requests/s. */
export interface SyntheticResultOptions {
  /** RNG seed; same seed, same result. Default 1. */
  seed?: number;
  /** Measured duration in seconds; default 30. */
  durationS?: number;
  /** Offered requests per second (open model) or what the VUs achieve at slowdown 1 (closed); default 200. */
  rps?: number;
  /** Median latency in milliseconds at slowdown 1; default 20. */
  medianMs?: number;
  /** Log-normal shape of per-request latency; default 0.35. */
  sigma?: number;
  /** Multiplier on every latency: 1.3 is a server 30 % slower. Closed model throughput drops by the same factor. Default 1. */
  slowdown?: number;
  /** Fraction of requests that fail (as http5xx, some as timeout); default 0. */
  errorRate?: number;
  /** Endpoints; default one, `GET /`. */
  endpoints?: SyntheticEndpoint[];
  /** Load model; default `open`. */
  model?: 'open' | 'closed';
  /** Virtual users (closed) or in-flight reported (open); default 20. */
  vus?: number;
  /** AR(1) coefficient of the per-second latency level, as real runs drift; default 0.6. */
  autocorrelation?: number;
  /** Standard deviation of the per-second log latency level; default 0.06. */
  levelNoise?: number;
  /** Add server-side series (event-loop delay, CPU, heap, RSS, GC); default false. */
  server?: boolean;
  /** Thresholds to judge: expressions on `http_req_duration` p(N)/avg or `http_req_failed` rate; default none. */
  thresholds?: string[];
  /** Target URL; default `http://127.0.0.1:3000/`. */
  target?: string;
  /** Start time; default 2026-01-01T00:00:00Z. */
  startedAt?: Date;
}

function latencyStats(h: Histogram): LatencyStats {
  const s = h.summaryMs();
  return { min: s.min, mean: s.mean, stdev: s.stdev, p50: s.p50, p90: s.p90, p95: s.p95, p99: s.p99, p999: s.p999, max: s.max };
}

function emptyKinds(): Record<ErrorKind, number> {
  return Object.fromEntries(ERROR_KINDS.map((k) => [k, 0])) as Record<ErrorKind, number>;
}

function judge(expression: string, total: EndpointSummary, errorRate: number): ThresholdResult {
  const m = /^(http_req_duration|http_req_failed):(p\((\d+(?:\.\d+)?)\)|avg|rate)\s*(<|>)\s*(\d+(?:\.\d+)?)$/.exec(expression.replace(/\s+/g, ''));
  if (!m) throw invalidInput({ field: 'thresholds', value: expression, expected: 'http_req_duration:p(N) or :avg, or http_req_failed:rate, compared with < or > to a number (all a synthetic result judges)' });
  const lat = total.latency as unknown as Record<string, number>;
  const observed = m[1] === 'http_req_failed' ? errorRate : m[2] === 'avg' ? total.latency.mean : lat[`p${m[3]}`] ?? total.latency.p95;
  const limit = Number(m[5]);
  return { expression, metric: m[1]!, observed, ok: m[4] === '<' ? observed < limit : observed > limit, level: 'error' };
}

/**
 * Builds a schema-valid result as a load run would write it, from synthetic latencies recorded
 * into real HDR histograms: for tests, fixtures and demos of reports, `compare` and budgets.
 *
 * @example
 * const base = syntheticResult({ seed: 1 });
 * const slower = syntheticResult({ seed: 2, slowdown: 1.3 });
 */
export function syntheticResult(options: SyntheticResultOptions = {}): RunResult {
  const rng = new SeededRandom(options.seed ?? 1);
  const durationS = options.durationS ?? 30;
  const slowdown = options.slowdown ?? 1;
  const model = options.model ?? 'open';
  const baseRps = options.rps ?? 200;
  const rps = model === 'closed' ? baseRps / slowdown : baseRps;
  const medianUs = (options.medianMs ?? 20) * 1000 * slowdown;
  const sigma = options.sigma ?? 0.35;
  const phi = options.autocorrelation ?? 0.6;
  const levelNoise = options.levelNoise ?? 0.06;
  const runErrorRate = options.errorRate ?? 0;
  const vus = options.vus ?? 20;
  const defs = options.endpoints ?? [{ name: 'GET /' }];
  const weights = defs.map((d) => d.weight ?? 1);
  const weightSum = weights.reduce((a, b) => a + b, 0);

  const total = new Histogram();
  const perSecond = new Histogram();
  const perEndpoint = defs.map(() => new Histogram());
  const counts = defs.map(() => ({ requests: 0, errors: 0, kinds: emptyKinds(), status: {} as Record<string, number> }));
  const totalKinds = emptyKinds();
  const points: SeriesPoint[] = [];
  const server: ServerPoint[] = [];
  let level = 0;
  let heap = 40e6;
  let errorsTotal = 0;
  let requestsTotal = 0;

  for (let t = 1; t <= durationS; t++) {
    level = phi * level + Math.sqrt(1 - phi * phi) * levelNoise * rng.normal();
    const n = Math.max(1, Math.round(rps * (1 + 0.02 * rng.normal())));
    let errors = 0;
    perSecond.reset();
    for (let i = 0; i < n; i++) {
      let pick = rng.next() * weightSum;
      let e = 0;
      while (e < defs.length - 1 && pick >= weights[e]!) pick -= weights[e++]!;
      const def = defs[e]!;
      const us = medianUs * (def.latencyScale ?? 1) * Math.exp(level + sigma * rng.normal());
      total.record(us);
      perSecond.record(us);
      perEndpoint[e]!.record(us);
      const c = counts[e]!;
      c.requests++;
      if (rng.next() < (def.errorRate ?? runErrorRate)) {
        const kind: ErrorKind = rng.next() < 0.8 ? 'http5xx' : 'timeout';
        c.errors++;
        c.kinds[kind]++;
        totalKinds[kind]++;
        errors++;
        if (kind === 'http5xx') c.status['503'] = (c.status['503'] ?? 0) + 1;
      } else c.status['200'] = (c.status['200'] ?? 0) + 1;
    }
    requestsTotal += n;
    errorsTotal += errors;
    const ms = (p: number) => Math.round(perSecond.percentile(p)) / 1000;
    points.push({ t, requests: n, rps: n, errors, p50: ms(50), p95: ms(95), p99: ms(99), vus, ...(model === 'open' ? { rate: rps, dropped: 0 } : {}) });
    if (options.server) {
      heap += 2e5 * (1 + rng.normal() * 0.3);
      server.push({
        t,
        eventLoopDelayP99Ms: 10 + 2 * rng.next(),
        eventLoopUtilization: 0.4 + 0.1 * rng.next(),
        cpuPercent: 40 + 10 * rng.next(),
        heapUsedBytes: Math.round(heap),
        rssBytes: Math.round(heap * 2.5),
        gcPauseMs: 2 * rng.next(),
      });
    }
  }
  perSecond.destroy();

  const endpoints: EndpointSummary[] = defs.map((d, e) => {
    const c = counts[e]!;
    return {
      name: d.name,
      method: d.name.split(' ')[0],
      url: d.name.split(' ')[1],
      requests: c.requests,
      rps: c.requests / durationS,
      errors: { total: c.errors, byKind: c.kinds },
      statusCodes: c.status,
      latency: latencyStats(perEndpoint[e]!),
    };
  });
  const statusCodes: Record<string, number> = {};
  for (const c of counts) for (const [s, k] of Object.entries(c.status)) statusCodes[s] = (statusCodes[s] ?? 0) + k;
  const totalSummary: EndpointSummary = {
    name: 'total',
    requests: requestsTotal,
    rps: requestsTotal / durationS,
    errors: { total: errorsTotal, byKind: totalKinds },
    statusCodes,
    latency: latencyStats(total),
  };
  const errorRate = requestsTotal === 0 ? 0 : errorsTotal / requestsTotal;
  const startedAt = options.startedAt ?? new Date('2026-01-01T00:00:00Z');
  const result: RunResult = {
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    generator: 'loadline synthetic',
    startedAt: startedAt.toISOString(),
    endedAt: new Date(startedAt.getTime() + durationS * 1000).toISOString(),
    status: 'completed',
    config: { target: options.target ?? 'http://127.0.0.1:3000/', scenario: 'synthetic', model, durationMs: durationS * 1000, ...(model === 'open' ? { rate: rps } : { vus }) },
    summary: {
      model,
      durationMs: durationS * 1000,
      ...(model === 'closed' ? { modelNote: 'closed model: a stalled server slows the users down, so latency can hide stalls' } : {}),
      total: totalSummary,
      endpoints,
      errorRate,
    },
    thresholds: (options.thresholds ?? []).map((x) => judge(x, totalSummary, errorRate)),
    series: { intervalMs: 1000, points },
    histograms: { unit: 'us', total: total.encode(), endpoints: Object.fromEntries(defs.map((d, e) => [d.name, perEndpoint[e]!.encode()])) },
    ...(options.server ? { server: { source: 'loadline monitor (synthetic)', points: server } } : {}),
  };
  total.destroy();
  for (const h of perEndpoint) h.destroy();
  return result;
}
