import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { dashboardCsp, dashboardHtml } from './dashboardPage.js';
import { LOGIN_CSP, loginHtml } from './dashboardLoginPage.js';
import { answerHealth } from '../health/healthEndpoint.js';
import type { Monitor } from '../Monitor.js';
import { json, pathOf, send, unauthorized } from './monitorResponses.js';
import { answerQueries } from '../queries/queriesAnswer.js';

/** The dashboard's paths: the page, its stream, its health and queries polls and the token-for-cookie exchange. */
export const DASHBOARD_PATHS: readonly string[] = ['/loadline', '/loadline/events', '/loadline/health', '/loadline/queries', '/loadline/session'];

/** Headers of every HTML page the monitor serves (`csp` is the page's own policy). */
export function pageHeaders(csp: string): OutgoingHttpHeaders {
  return { 'content-security-policy': csp, 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' };
}

const MAX_FORM_BYTES = 4096;
// What may go into a cookie's Path attribute as it is.
const SAFE_PATH = /^[\w\-.~%/]*$/;

/**
 * The path the session cookie is scoped to: `<mount>/loadline`. The mount is what Express strips
 * (`req.originalUrl` against `req.url`) after what a reverse proxy strips (`X-Forwarded-Prefix`).
 */
function cookiePath(req: IncomingMessage, path: string): string {
  let mount = '';
  const forwarded = req.headers['x-forwarded-prefix'];
  if (typeof forwarded === 'string') mount = forwarded.replace(/\/+$/, '');
  const original = (req as { originalUrl?: unknown }).originalUrl;
  if (typeof original === 'string') {
    const full = pathOf(original);
    if (full.endsWith(path)) mount += full.slice(0, full.length - path.length);
  }
  const scoped = `${mount}/loadline`;
  // A mount that cannot be written in the attribute falls back to the whole site (the cookie is
  // still only accepted on the dashboard's paths).
  return SAFE_PATH.test(scoped) && scoped.startsWith('/') ? scoped : '/';
}

function loginPage(res: ServerResponse, action: string, message?: string): void {
  send(res, 401, 'text/html; charset=utf-8', loginHtml(action, message), { ...pageHeaders(LOGIN_CSP), 'www-authenticate': 'Bearer realm="loadline"' });
}

/** The token from a login form's body (`token=…`, at most 4 KiB), or from a body parser that ran before the monitor. */
function readFormToken(req: IncomingMessage): Promise<string | undefined> {
  const parsed = (req as { body?: unknown }).body;
  if (typeof parsed === 'object' && parsed !== null) {
    const token = (parsed as { token?: unknown }).token;
    return Promise.resolve(typeof token === 'string' ? token : undefined);
  }
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('latin1');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_FORM_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new Error('form too large'));
      }
    });
    req.on('end', () => resolve(new URLSearchParams(body).get('token') ?? undefined));
    req.on('error', reject);
  });
}

/** POST `/loadline/session`: a bearer header (answers 204) or the login form (answers 303 to the page) gets the cookie. */
function exchange(monitor: Monitor, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'POST') {
    json(res, 405, { error: 'use POST' }, { allow: 'POST' });
    return;
  }
  const token = monitor.token;
  const session = monitor.session;
  if (token === undefined || session === undefined) {
    send(res, 303, 'text/plain; charset=utf-8', 'the monitor has no token: the dashboard is open\n', { location: '../loadline' });
    return;
  }
  const grant = (status: number) => {
    const headers: OutgoingHttpHeaders = { 'set-cookie': session.cookie(req, cookiePath(req, '/loadline/session')) };
    if (status === 303) send(res, 303, 'text/plain; charset=utf-8', 'signed in\n', { ...headers, location: '../loadline' });
    else {
      res.writeHead(204, { ...headers, 'cache-control': 'no-store' });
      res.end();
    }
  };
  if (token.allows(req)) {
    grant(204);
    return;
  }
  readFormToken(req).then(
    (presented) => {
      if (presented !== undefined && token.matches(presented)) grant(303);
      else if (presented !== undefined) loginPage(res, 'session', 'That token does not open this monitor.');
      else unauthorized(res);
    },
    () => json(res, 413, { error: `the login form is limited to ${MAX_FORM_BYTES} bytes` }),
  );
}

/** Server-sent events: the history first (`event: history`), then one `data:` line per interval. */
function streamSamples(monitor: Monitor, req: IncomingMessage, res: ServerResponse, headers: OutgoingHttpHeaders): void {
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', connection: 'keep-alive', 'x-accel-buffering': 'no' });
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

/**
 * Serves the dashboard's paths. With a token, the page, its stream and its health poll accept
 * the bearer header or the session cookie; without either, the page answers the login form.
 */
export function handleDashboardRequest(monitor: Monitor, req: IncomingMessage, res: ServerResponse, path: string): void {
  if (path === '/loadline/session') {
    exchange(monitor, req, res);
    return;
  }
  const headers: OutgoingHttpHeaders = {};
  if (monitor.token !== undefined && !monitor.token.allows(req)) {
    const session = monitor.session!.check(req);
    if (session === 'renew') headers['set-cookie'] = monitor.session!.cookie(req, cookiePath(req, path));
    else if (session !== 'valid') {
      if (path === '/loadline') loginPage(res, 'loadline/session', session === 'invalid' ? 'The session has ended: sign in again.' : undefined);
      else unauthorized(res);
      return;
    }
  }
  if (monitor.stopped) {
    json(res, 503, { status: 'unhealthy', error: 'the monitor is stopped' });
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    json(res, 405, { error: 'use GET' }, { allow: 'GET, HEAD' });
    return;
  }
  if (path === '/loadline') send(res, 200, 'text/html; charset=utf-8', dashboardHtml(), { ...headers, ...pageHeaders(dashboardCsp()) });
  else if (path === '/loadline/events') streamSamples(monitor, req, res, headers);
  else if (path === '/loadline/queries') answerQueries(monitor.queries, res, new URLSearchParams((req.url ?? '').slice(path.length + 1)), true, headers);
  else answerHealth(monitor, res, 'ready', true, headers);
}
