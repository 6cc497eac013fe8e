import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { HttpMetrics } from './HttpMetrics.js';
import { trackResponse, type FinishRecorder } from './RequestHook.js';

/** Route label for requests no route matched (404s), so raw URLs never become labels. */
export const UNMATCHED_ROUTE = '__unmatched__';

/** Gives the route template of a finished request (`/users/:id`), never the raw URL. */
export type RouteOf = (req: IncomingMessage, res: ServerResponse) => string;

/**
 * Counts a request in flight when it starts and records method, route template, status and
 * duration when its response finishes. One instance per adapter; nothing allocated per request.
 */
export class RouteRecorder implements FinishRecorder {
  readonly #http: HttpMetrics;
  readonly #routeOf: RouteOf;

  constructor(http: HttpMetrics, routeOf: RouteOf) {
    this.#http = http;
    this.#routeOf = routeOf;
  }

  start(res: ServerResponse): void {
    this.#http.inFlight++;
    trackResponse(res, this, performance.now());
  }

  finish(req: IncomingMessage, res: ServerResponse, startMs: number): void {
    const durationMs = performance.now() - startMs;
    this.#http.inFlight--;
    let route: string;
    try {
      route = this.#routeOf(req, res);
    } catch {
      route = UNMATCHED_ROUTE;
    }
    this.#http.record(req.method ?? 'GET', typeof route === 'string' ? route : UNMATCHED_ROUTE, res.statusCode, durationMs);
  }
}
