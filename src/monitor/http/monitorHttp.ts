import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { checkFunction, runWithRequestContext } from '../../core/index.js';
import { checkMonitor } from '../checkMonitor.js';
import type { Monitor } from '../Monitor.js';
import { handleMonitorRequest } from '../serve/monitorEndpoints.js';
import { HttpRequestContext } from './RequestContexts.js';
import { RouteRecorder, type RouteOf } from './RouteRecorder.js';

export interface MonitorHttpOptions {
  /** Route template of a request, e.g. from your router's match (`/users/:id`); default `*` for every request. */
  route?: RouteOf;
  /** Answer the monitor's endpoints (`/metrics`, `/health/*`, `/loadline`...) before the handler; default true. */
  serveEndpoints?: boolean;
}

/**
 * Wraps a node:http request handler: records per-route RED metrics and serves the monitor's
 * endpoints. With a query monitor attached (`createMonitor({ queries })`), the handler runs in a
 * request context whose route is `METHOD template` from the `route` function.
 *
 * @example
 * const server = http.createServer(monitorHttp(monitor, app, { route: (req) => router.match(req.url).template }));
 */
export function monitorHttp<Req extends IncomingMessage = IncomingMessage, Res extends ServerResponse = ServerResponse>(
  monitor: Monitor,
  handler: RequestListener<typeof IncomingMessage, typeof ServerResponse> | ((req: Req, res: Res) => unknown),
  options: MonitorHttpOptions = {},
): (req: Req, res: Res) => void {
  checkMonitor(monitor);
  checkFunction(handler, 'handler');
  const routeOf = options.route === undefined ? () => '*' : checkFunction<RouteOf>(options.route, 'route');
  const recorder = new RouteRecorder(monitor.http, routeOf);
  const serve = options.serveEndpoints ?? true;
  const handle = handler as (req: Req, res: Res) => unknown;
  // Decided once: without a query monitor no request pays for AsyncLocalStorage.
  if (monitor.queries !== undefined) {
    return (req, res) => {
      if (serve && handleMonitorRequest(monitor, req, res)) return;
      recorder.start(req, res);
      runWithRequestContext(new HttpRequestContext(req, res, routeOf), () => handle(req, res));
    };
  }
  return (req, res) => {
    if (serve && handleMonitorRequest(monitor, req, res)) return;
    recorder.start(req, res);
    handle(req, res);
  };
}

/** @deprecated since 0.2.0: use MonitorHttpOptions */
export type MonitorHandlerOptions = MonitorHttpOptions;

/** @deprecated since 0.2.0: use monitorHttp */
export const monitorHandler = monitorHttp;
