import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import v8 from 'node:v8';
import { SparseHistogram } from '../core/index.js';
import { dashboardHtml } from './DashboardPage.js';
import type { Monitor } from './Monitor.js';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-text.js';

/** Paths the monitor answers; everything else is left to the application. */
export const MONITOR_PATHS: readonly string[] = [
  '/metrics',
  '/api/monitoring/metrics',
  '/api/monitoring/health',
  '/api/performance/stats',
  '/api/monitoring/heap-snapshot',
  '/health/live',
  '/health/ready',
  '/loadline',
  '/loadline/events',
];

function pathOf(url: string | undefined): string {
  const u = url ?? '/';
  const q = u.indexOf('?');
  return q === -1 ? u : u.slice(0, q);
}

/** True when `url` is one of the monitor's endpoints (cheap: used on every request by the adapters). */
export function isMonitorPath(url: string | undefined): boolean {
  // Every endpoint starts with /m, /a, /h or /l: most application paths are rejected on one character.
  const c = url === undefined ? 0 : url.charCodeAt(1);
  if (c !== 109 && c !== 97 && c !== 104 && c !== 108) return false;
  const p = pathOf(url);
  return (p.startsWith('/metrics') || p.startsWith('/api/') || p.startsWith('/health/') || p.startsWith('/loadline')) && MONITOR_PATHS.includes(p);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.length });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/**
 * Serves the monitor's endpoints on `req`/`res`; returns false, touching nothing, when the path
 * is not one of them. Token-protected when the monitor has a token.
 *
 * @example
 * http.createServer((req, res) => { if (!handleMonitorRequest(monitor, req, res)) app(req, res); });
 */
export function handleMonitorRequest(monitor: Monitor, req: IncomingMessage, res: ServerResponse): boolean {
  if (!isMonitorPath(req.url)) return false;
  const path = pathOf(req.url);
  const query = new URLSearchParams((req.url ?? '').slice(path.length + 1));
  const isHealth = path.startsWith('/health/') || path === '/api/monitoring/health';
  if (monitor.token && !(isHealth && monitor.publicHealth) && !monitor.token.allows(req, query)) {
    res.setHeader('www-authenticate', 'Bearer realm="loadline"');
    json(res, 401, { error: 'a valid bearer token is required (Authorization: Bearer <token> or ?token=)' });
    return true;
  }
  if (monitor.stopped) {
    json(res, 503, { status: 'unhealthy', error: 'the monitor is stopped' });
    return true;
  }
  const method = req.method ?? 'GET';
  if (path === '/api/monitoring/heap-snapshot') {
    if (method !== 'POST') json(res, 405, { error: 'use POST' });
    else if (!monitor.token) json(res, 403, { error: 'heap snapshots need a token: set the token option or LOADLINE_TOKEN' });
    else {
      const file = v8.writeHeapSnapshot(join(monitor.heapSnapshotDir, `loadline-${process.pid}-${monitor.clock.wallNow()}.heapsnapshot`));
      json(res, 200, { file });
    }
    return true;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    json(res, 405, { error: 'use GET' });
    return true;
  }
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
    case '/health/live':
    case '/health/ready':
    case '/api/monitoring/health':
      monitor.checkHealth(path === '/health/live' ? 'live' : 'ready').then(
        (report) => json(res, report.status === 'unhealthy' ? 503 : 200, report),
        (err: unknown) => json(res, 500, { status: 'unhealthy', error: String(err) }),
      );
      break;
    case '/loadline':
      send(res, 200, 'text/html; charset=utf-8', dashboardHtml());
      break;
    case '/loadline/events':
      streamSamples(monitor, req, res);
      break;
  }
  return true;
}

/** Server-sent events: the history first (`event: history`), then one `data:` line per interval. */
function streamSamples(monitor: Monitor, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write(`retry: 2000\nevent: history\ndata: ${JSON.stringify(monitor.history())}\n\n`);
  const off = monitor.onSample((sample) => res.write(`data: ${JSON.stringify(sample)}\n\n`));
  const end = () => {
    off();
    monitor.signal.removeEventListener('abort', end);
    res.end();
  };
  monitor.signal.addEventListener('abort', end);
  req.on('close', end);
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
