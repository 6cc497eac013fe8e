import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithRequestContext } from '../../core/index.js';
import { checkMonitor } from '../checkMonitor.js';
import type { Monitor } from '../Monitor.js';
import { handleMonitorRequest } from '../serve/monitorEndpoints.js';
import { ExpressRequestContext } from './RequestContexts.js';
import { RouteRecorder, UNMATCHED_ROUTE } from './RouteRecorder.js';

/** The parts of Express's request the middleware reads (typed structurally: no runtime import of express). */
interface ExpressRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
}

export interface MonitorExpressOptions {
  /** Answer the monitor's endpoints before the app's routes; default true. */
  serveEndpoints?: boolean;
}

function expressRoute(req: IncomingMessage): string {
  const r = req as ExpressRequest;
  if (!r.route) return UNMATCHED_ROUTE;
  return `${r.baseUrl ?? ''}${String(r.route.path ?? '')}` || '/';
}

/**
 * Express middleware: per-route RED metrics labelled with Express's route template
 * (`req.baseUrl + req.route.path`, e.g. `/users/:id`), and the monitor's endpoints. Mount it first.
 * With a query monitor attached (`createMonitor({ queries })`), the rest of the request runs in a
 * request context whose route (`GET /users/:id`) is read at query time, once Express has routed.
 *
 * @example
 * app.use(monitorExpress(monitor));
 */
export function monitorExpress(monitor: Monitor, options: MonitorExpressOptions = {}) {
  checkMonitor(monitor);
  const recorder = new RouteRecorder(monitor.http, expressRoute);
  const serve = options.serveEndpoints ?? true;
  if (monitor.queries !== undefined) {
    return function loadlineMonitor(req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void {
      if (serve && handleMonitorRequest(monitor, req, res)) return;
      recorder.start(req, res);
      runWithRequestContext(new ExpressRequestContext(req), next);
    };
  }
  return function loadlineMonitor(req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void {
    if (serve && handleMonitorRequest(monitor, req, res)) return;
    recorder.start(req, res);
    next();
  };
}

/** @deprecated since 0.2.0: use MonitorExpressOptions */
export type ExpressMonitorOptions = MonitorExpressOptions;

/** @deprecated since 0.2.0: use monitorExpress */
export const expressMonitor = monitorExpress;
