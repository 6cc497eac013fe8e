import { SparseHistogram, type Expression } from '../../core/index.js';
import type { EndpointStats } from './EndpointStats.js';
import type { RunStats } from './RunStats.js';
import { BUILTIN_METRICS, type MetricSource, type Observation } from './thresholds.js';

const TAGS = ['name', 'method', 'status'];

/**
 * Threshold observations from a run's built-in stats: `http_req_duration` (ms),
 * `http_req_failed`/`error_rate`, `http_reqs`, `iterations`, `dropped_iterations`, `checks`, with
 * `{name:...}`, `{method:...}` and `{status:...}` filters on the request metrics.
 */
export class RunStatsSource implements MetricSource {
  readonly metrics = BUILTIN_METRICS;
  readonly #stats: RunStats;
  readonly #durationMs: () => number;

  /** @param durationMs measured duration so far, for `:rate` of counters */
  constructor(stats: RunStats, durationMs: () => number) {
    this.#stats = stats;
    this.#durationMs = durationMs;
  }

  observe(e: Expression): Observation {
    const agg = e.aggregation.kind;
    const seconds = this.#durationMs() / 1000;
    const s = this.#stats;
    for (const tag of Object.keys(e.tags)) {
      const allowed = e.metric.startsWith('http_') || e.metric === 'error_rate' ? TAGS : [];
      if (!allowed.includes(tag)) return { value: null, reason: `tag ${tag} is not recorded for ${e.metric}${allowed.length ? ` (use ${allowed.join(', ')})` : ''}` };
    }
    switch (e.metric) {
      case 'iterations':
        return agg === 'count' ? { value: s.iterations } : perSecond(s.iterations, seconds);
      case 'dropped_iterations':
        return agg === 'count' ? { value: s.dropped } : perSecond(s.dropped, seconds);
      case 'checks': {
        const n = s.checkPasses + s.checkFails;
        if (n === 0) return { value: null, reason: 'no samples for checks (no check ran)' };
        return { value: agg === 'count' ? s.checkPasses : s.checkPasses / n };
      }
    }
    const endpoints = this.#select(e.tags);
    const label = Object.keys(e.tags).length ? `${e.metric}{${Object.entries(e.tags).map(([k, v]) => `${k}:${v}`).join(',')}}` : e.metric;
    if (endpoints.length === 0) return { value: null, reason: `no samples for ${label} (no endpoint matches)` };
    const status = e.tags.status === undefined ? undefined : Number(e.tags.status);
    let requests = 0;
    let failed = 0;
    for (const ep of endpoints) {
      const n = status === undefined ? ep.requests : ep.statusCounts[status] ?? 0;
      requests += n;
      failed += status === undefined ? ep.failed : s.isExpected(status) ? 0 : n;
    }
    if (e.metric === 'http_reqs') return agg === 'count' ? { value: requests } : perSecond(requests, seconds);
    if (requests === 0) return { value: null, reason: `no samples for ${label}` };
    if (e.metric === 'http_req_failed' || e.metric === 'error_rate') return { value: agg === 'count' ? failed : failed / requests };
    return this.#trend(e, endpoints, status, label);
  }

  #select(tags: Readonly<Record<string, string>>): EndpointStats[] {
    const s = this.#stats;
    if (tags.name === undefined && tags.method === undefined) return [s.total];
    return s.endpoints.filter((ep) => (tags.name === undefined || ep.name === tags.name) && (tags.method === undefined || ep.method === tags.method.toUpperCase()));
  }

  #trend(e: Expression, endpoints: EndpointStats[], status: number | undefined, label: string): Observation {
    let h: SparseHistogram;
    if (status !== undefined) {
      if (endpoints.length !== 1 || endpoints[0] !== this.#stats.total) return { value: null, reason: `${label}: a status filter on http_req_duration cannot be combined with name or method` };
      const byStatus = this.#stats.byStatus.get(status);
      if (!byStatus) return { value: null, reason: `no samples for ${label}` };
      h = byStatus;
    } else if (endpoints.length === 1) {
      h = endpoints[0]!.latency;
    } else {
      h = new SparseHistogram();
      for (const ep of endpoints) h.merge(ep.latency);
    }
    const ms = (us: number) => us / 1000;
    // A percentile reads its bucket's highest value, which can lie above the exact maximum (or
    // below the minimum): judged within [min, max], as the summary shows it.
    const within = (us: number) => Math.min(h.max, Math.max(h.min, us));
    switch (e.aggregation.kind) {
      case 'percentile':
        return { value: ms(within(h.percentile(e.aggregation.p))) };
      case 'avg':
        return { value: ms(h.mean) };
      case 'min':
        return { value: ms(h.min) };
      case 'max':
        return { value: ms(h.max) };
      case 'med':
        return { value: ms(within(h.percentile(50))) };
      case 'count':
        return { value: h.count };
      default:
        return { value: null, reason: `aggregation ${e.aggregation.kind} does not apply to ${e.metric}` };
    }
  }
}

function perSecond(count: number, seconds: number): Observation {
  return seconds > 0 ? { value: count / seconds } : { value: null, reason: 'no measured time yet' };
}
