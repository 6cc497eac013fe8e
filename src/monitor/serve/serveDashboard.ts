import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkInteger, checkString, invalidInput } from '../../core/index.js';
import { pageHeaders } from './dashboardEndpoints.js';
import { dashboardCsp, dashboardHtml } from './dashboardPage.js';
import { listen, type MonitorServer } from './serveMonitor.js';

export interface ServeDashboardOptions {
  /** Base URL of a service running the monitor, e.g. `http://127.0.0.1:3000`. */
  target: string;
  /** Token of the target's monitor, sent as a bearer token; default `process.env.LOADLINE_TOKEN`. */
  token?: string;
  /** Local port; default 0 (any free port). */
  port?: number;
  /** Local interface; default `127.0.0.1`. */
  host?: string;
}

/** Paths forwarded to the target: the page's live stream, health and queries polls, and the JSON APIs. */
const FORWARDED = new Set(['/loadline/events', '/loadline/health', '/loadline/queries', '/api/monitoring/health', '/api/monitoring/metrics', '/api/performance/stats', '/api/performance/queries']);

/**
 * Serves the dashboard locally for a remote monitor (`loadline dashboard --target URL`): the page
 * from this process, its data forwarded from the target with the token added, so the token never
 * reaches the browser.
 *
 * @example
 * const { url, close } = await serveDashboard({ target: 'http://127.0.0.1:3000', token });
 * console.log(`${url}/loadline`);
 */
export async function serveDashboard(options: ServeDashboardOptions): Promise<MonitorServer> {
  const targetText = checkString(options.target, 'target');
  let target: URL;
  try {
    target = new URL(targetText);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw invalidInput({ field: 'target', value: targetText, expected: 'the http(s) base URL of a service running the loadline monitor, e.g. http://127.0.0.1:3000' });
  }
  const port = checkInteger(options.port ?? 0, 'port', { min: 0, max: 65535 });
  const host = checkString(options.host ?? '127.0.0.1', 'host');
  const token = options.token ?? process.env.LOADLINE_TOKEN;
  const base = target.pathname.endsWith('/') ? target.pathname : `${target.pathname}/`;

  const forward = (req: IncomingMessage, res: ServerResponse, path: string, search: string) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = send(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, method: 'GET', path: `${base}${path.slice(1)}${search}`, headers: { accept: req.headers.accept ?? '*/*', ...(token ? { authorization: `Bearer ${token}` } : {}) } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, { 'content-type': up.headers['content-type'] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        up.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `target unreachable: ${err.message}` }));
    });
    req.on('close', () => upstream.destroy());
    upstream.end();
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === '/' || url.pathname === '/loadline') {
      if (url.pathname === '/') {
        res.writeHead(302, { location: '/loadline' });
        res.end();
        return;
      }
      const body = dashboardHtml();
      res.writeHead(200, { ...pageHeaders(dashboardCsp()), 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } else if (FORWARDED.has(url.pathname)) {
      // A token pasted into a link never goes further than this loopback proxy.
      url.searchParams.delete('token');
      const search = url.searchParams.size ? `?${url.searchParams}` : '';
      forward(req, res, url.pathname, search);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
    }
  });
  return listen(server, port, host);
}
