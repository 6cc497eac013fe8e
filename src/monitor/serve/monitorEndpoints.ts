import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoadlineError, SparseHistogram } from '../../core/index.js';
import { DASHBOARD_PATHS, handleDashboardRequest } from './dashboardEndpoints.js';
import { answerHealth } from '../health/healthEndpoint.js';
import type { Monitor } from '../Monitor.js';
import { json, pathOf, send, unauthorized } from './monitorResponses.js';
import { PROMETHEUS_CONTENT_TYPE } from '../exposition/prometheusText.js';
import { answerQueries } from '../queries/queriesAnswer.js';

/** Paths the monitor answers; everything else is left to the application. */
export const MONITOR_PATHS: readonly string[] = [
  '/metrics',
  '/api/monitoring/metrics',
  '/api/monitoring/health',
  '/api/performance/stats',
  '/api/performance/queries',
  '/api/monitoring/heap-snapshot',
  '/health/live',
  '/health/ready',
  ...DASHBOARD_PATHS,
];

/** True when `url` is one of the monitor's endpoints (cheap: used on every request by the adapters). */
export function isMonitorPath(url: string | undefined): boolean {
  // Every endpoint starts with /m, /a, /h or /l: most application paths are rejected on one character.
  const c = url === undefined ? 0 : url.charCodeAt(1);
  if (c !== 109 && c !== 97 && c !== 104 && c !== 108) return false;
  const p = pathOf(url);
  return (p.startsWith('/metrics') || p.startsWith('/api/') || p.startsWith('/health/') || p.startsWith('/loadline')) && MONITOR_PATHS.includes(p);
}

/** POST `/api/monitoring/heap-snapshot`: the file once written; 409 while another is written, 500 (JSON) when it fails. */
function heapSnapshot(monitor: Monitor, res: ServerResponse): void {
  monitor.heapSnapshots.take().then(
    (file) => json(res, 200, { file }),
    (err: unknown) => {
      const busy = isLoadlineError(err, 'LOADLINE_HEAP_SNAPSHOT_BUSY');
      json(res, busy ? 409 : 500, { error: err instanceof Error ? err.message : String(err), code: isLoadlineError(err) ? err.code : 'LOADLINE_HEAP_SNAPSHOT_FAILED' });
    },
  );
}

/**
 * Serves the monitor's endpoints on `req`/`res`; returns false, touching nothing, when the path
 * is not one of them. With a token, every endpoint needs `Authorization: Bearer <token>`, but for
 * the health endpoints under `publicHealth` (status only) and the dashboard's paths (which also
 * take its session cookie).
 *
 * @example
 * http.createServer((req, res) => { if (!handleMonitorRequest(monitor, req, res)) app(req, res); });
 */
export function handleMonitorRequest(monitor: Monitor, req: IncomingMessage, res: ServerResponse): boolean {
  if (!isMonitorPath(req.url)) return false;
  const path = pathOf(req.url);
  if (path.startsWith('/loadline')) {
    handleDashboardRequest(monitor, req, res, path);
    return true;
  }
  const authorized = monitor.token === undefined || monitor.token.allows(req);
  const isHealth = path.startsWith('/health/') || path === '/api/monitoring/health';
  if (!authorized && !(isHealth && monitor.publicHealth)) {
    unauthorized(res);
    return true;
  }
  if (monitor.stopped) {
    json(res, 503, { status: 'unhealthy', error: 'the monitor is stopped' });
    return true;
  }
  const method = req.method ?? 'GET';
  if (path === '/api/monitoring/heap-snapshot') {
    if (method !== 'POST') json(res, 405, { error: 'use POST' }, { allow: 'POST' });
    else if (!monitor.token) json(res, 403, { error: 'heap snapshots need a token: set the token option or LOADLINE_TOKEN' });
    else heapSnapshot(monitor, res);
    return true;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    json(res, 405, { error: 'use GET' }, { allow: 'GET, HEAD' });
    return true;
  }
  const query = new URLSearchParams((req.url ?? '').slice(path.length + 1));
  switch (path) {
    case '/metrics': {
      // The body's buffer is reused by a later scrape only once this response is closed (written or aborted).
      const lease = monitor.leasePrometheusBytes();
      res.once('close', lease.release);
      send(res, 200, PROMETHEUS_CONTENT_TYPE, lease.bytes);
      break;
    }
    case '/api/monitoring/metrics': {
      const since = Number(query.get('since') ?? Number.NaN);
      if (query.has('history') || Number.isFinite(since)) {
        const samples = monitor.history().filter((s) => !(s.t <= since));
        json(res, 200, { intervalMs: monitor.intervalMs, startedAt: monitor.startedAt, samples });
      } else {
        json(res, 200, { intervalMs: monitor.intervalMs, startedAt: monitor.startedAt, sample: monitor.latest() ?? null });
      }
      break;
    }
    case '/api/performance/stats':
      json(res, 200, performanceStats(monitor));
      break;
    case '/api/performance/queries':
      answerQueries(monitor.queries, res, query, false);
      break;
    default:
      answerHealth(monitor, res, path === '/health/live' ? 'live' : 'ready', authorized);
  }
  return true;
}

/** Totals since the monitor started: the `/api/performance/stats` body. */
export function performanceStats(monitor: Monitor) {
  const all = new SparseHistogram();
  let requests = 0;
  let errors = 0;
  const routes = [];
  monitor.http.flushPending();
  for (const r of monitor.http.routes()) {
    const total = r.total.clone().merge(r.interval);
    const n = r.requests + r.intervalRequests;
    const e = r.errors + r.intervalErrors;
    routes.push({ method: r.method, route: r.route, requests: n, errors: e, errorRate: n ? e / n : 0, latency: total.summaryMs() });
    all.merge(total);
    requests += n;
    errors += e;
  }
  const latency = all.summaryMs();
  const latest = monitor.latest();
  return {
    startedAt: new Date(monitor.startedAt).toISOString(),
    uptimeSeconds: (monitor.clock.wallNow() - monitor.startedAt) / 1000,
    requests,
    errors,
    errorRate: requests ? errors / requests : 0,
    inFlight: monitor.http.inFlight,
    latency,
    routes,
    runtime: latest?.runtime ?? null,
    cluster: monitor.cluster() ?? null,
    leak: latest?.leak ?? null,
    slos: monitor.sloReports(),
    alerts: latest?.alerts ?? [],
  };
}
