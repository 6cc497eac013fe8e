import { SparseHistogram } from '../../core/index.js';
import type { EndpointStats } from '../stats/EndpointStats.js';
import { RunStats, defaultExpectedStatus, type ExpectedStatus } from '../stats/RunStats.js';
import type { OutcomeSnapshot } from '../scenario/metrics/OutcomeCounts.js';

/** One endpoint's counters and its latency histogram (HDR, µs, compressed base64). */
export interface EndpointSnapshot {
  name: string;
  method?: string;
  url?: string;
  latency: string;
  requests: number;
  failed: number;
  /** Requests failed by their checks alone (`EndpointStats.failedByChecksOnly`). */
  failedByChecksOnly?: number;
  errorsByKind: number[];
  /** The first error text of each kind, null where none (`EndpointStats.firstErrors`). */
  firstErrors?: (string | null)[];
  /** Status code to count, only those seen. */
  statusCounts: Record<string, number>;
  bytesReceived: number;
  bytesSent: number;
  timings: { sums: number[]; count: number };
}

/** Everything a worker thread measured so far, in a form `postMessage` carries. */
export interface RunStatsSnapshot {
  total: EndpointSnapshot;
  endpoints: EndpointSnapshot[];
  /** Latency per status (0: transport errors), encoded. */
  byStatus: Record<string, string>;
  iterations: number;
  failedIterations: number;
  dropped: number;
  checkPasses: number;
  checkFails: number;
  /** Scenario checks and captures by name. */
  outcomes?: OutcomeSnapshot;
}

function snapshotEndpoint(e: EndpointStats): EndpointSnapshot {
  const out: EndpointSnapshot = {
    name: e.name,
    latency: e.latency.encode(),
    requests: e.requests,
    failed: e.failed,
    failedByChecksOnly: e.failedByChecksOnly,
    errorsByKind: [...e.errorsByKind],
    firstErrors: e.firstErrors.map((m) => m ?? null),
    statusCounts: e.statusCodes(),
    bytesReceived: e.bytesReceived,
    bytesSent: e.bytesSent,
    timings: e.timingTotals(),
  };
  if (e.method !== undefined) out.method = e.method;
  if (e.url !== undefined) out.url = e.url;
  return out;
}

/**
 * Serializes a run's stats: counters as numbers, histograms encoded, so the main thread can merge
 * the stats of every worker exactly (histograms merge bucket by bucket; percentiles are never averaged).
 *
 * @example
 * parentPort.postMessage({ type: 'stats', stats: snapshotRunStats(stats) });
 */
export function snapshotRunStats(stats: RunStats): RunStatsSnapshot {
  const byStatus: Record<string, string> = {};
  for (const [status, h] of stats.byStatus) byStatus[String(status)] = h.encode();
  return {
    total: snapshotEndpoint(stats.total),
    endpoints: stats.endpoints.map(snapshotEndpoint),
    byStatus,
    iterations: stats.iterations,
    failedIterations: stats.failedIterations,
    dropped: stats.dropped,
    checkPasses: stats.checkPasses,
    checkFails: stats.checkFails,
    outcomes: stats.outcomes.snapshot(),
  };
}

function addEndpoint(into: EndpointStats, from: EndpointSnapshot): void {
  into.latency.merge(SparseHistogram.decode(from.latency));
  into.requests += from.requests;
  into.failed += from.failed;
  into.failedByChecksOnly += from.failedByChecksOnly ?? 0;
  from.errorsByKind.forEach((n, i) => (into.errorsByKind[i]! += n));
  from.firstErrors?.forEach((m, i) => {
    if (m !== null && into.firstErrors[i] === undefined) into.firstErrors[i] = m;
  });
  for (const [status, n] of Object.entries(from.statusCounts)) into.statusCounts[Number(status)]! += n;
  into.bytesReceived += from.bytesReceived;
  into.bytesSent += from.bytesSent;
  into.addTimingTotals(from.timings);
}

/**
 * Builds one `RunStats` holding the sum of several workers' snapshots: counters add, histograms
 * merge; endpoints are matched by name, in the order they first appear.
 *
 * @example
 * const merged = mergeRunStats(workers.map((w) => w.lastSnapshot));
 * merged.total.latency.percentile(99); // the p99 of every sample of every worker
 */
export function mergeRunStats(snapshots: readonly RunStatsSnapshot[], expected: ExpectedStatus = defaultExpectedStatus): RunStats {
  const stats = new RunStats(expected);
  for (const s of snapshots) {
    addEndpoint(stats.total, s.total);
    for (const e of s.endpoints) addEndpoint(stats.endpoints[stats.addEndpoint(e.name, e.method, e.url)]!, e);
    for (const [status, encoded] of Object.entries(s.byStatus)) {
      const h = SparseHistogram.decode(encoded);
      const key = Number(status);
      const into = stats.byStatus.get(key);
      if (into) into.merge(h);
      else stats.byStatus.set(key, h);
    }
    stats.iterations += s.iterations;
    stats.failedIterations += s.failedIterations;
    stats.dropped += s.dropped;
    stats.checkPasses += s.checkPasses;
    stats.checkFails += s.checkFails;
    if (s.outcomes) stats.outcomes.merge(s.outcomes);
  }
  return stats;
}
