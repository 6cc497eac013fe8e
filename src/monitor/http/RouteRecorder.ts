import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpMetrics, RouteStats } from './HttpMetrics.js';
import { monotonicMs, trackResponse, type FinishRecorder } from './requestHook.js';

/** Route label for requests no route matched (404s), so raw URLs never become labels. */
export const UNMATCHED_ROUTE = '__unmatched__';

/** Gives the route template of a finished request (`/users/:id`), never the raw URL. */
export type RouteOf = (req: IncomingMessage, res: ServerResponse) => string;

/**
 * Counts a request in flight when it starts and records method, route template, status and
 * duration when its response finishes; a response closed unfinished (client gone) leaves the
 * in-flight count as aborted. One instance per adapter; nothing allocated per request: the
 * method x route record resolved last is kept, so a run of requests to one route skips the
 * route maps altogether.
 */
export class RouteRecorder implements FinishRecorder {
  readonly #http: HttpMetrics;
  readonly #routeOf: RouteOf;
  #lastMethod = '';
  #lastRoute = '';
  #lastStats: RouteStats | undefined;

  constructor(http: HttpMetrics, routeOf: RouteOf) {
    this.#http = http;
    this.#routeOf = routeOf;
  }

  start(req: IncomingMessage, res: ServerResponse): void {
    if (trackResponse(req, res, this, monotonicMs())) this.#http.inFlight++;
  }

  finish(req: IncomingMessage, res: ServerResponse, startMs: number): void {
    const durationMs = monotonicMs() - startMs;
    const http = this.#http;
    http.inFlight--;
    const route = this.#route(req, res);
    const method = req.method ?? 'GET';
    let stats = this.#lastStats;
    if (stats === undefined || route !== this.#lastRoute || method !== this.#lastMethod) {
      stats = http.stats(method, route);
      this.#lastStats = stats;
      this.#lastRoute = route;
      this.#lastMethod = method;
    }
    http.recordInto(stats, res.statusCode, durationMs);
  }

  abort(req: IncomingMessage, res: ServerResponse): void {
    this.#http.inFlight--;
    this.#http.recordAbort(req.method ?? 'GET', this.#route(req, res));
  }

  #route(req: IncomingMessage, res: ServerResponse): string {
    try {
      const route = this.#routeOf(req, res);
      return typeof route === 'string' ? route : UNMATCHED_ROUTE;
    } catch {
      return UNMATCHED_ROUTE;
    }
  }
}
