import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithRequestContext } from '../../core/index.js';
import { checkMonitor } from '../checkMonitor.js';
import type { Monitor } from '../Monitor.js';
import { handleMonitorRequest, isMonitorPath } from '../serve/monitorEndpoints.js';
import type { HttpMetrics } from './HttpMetrics.js';
import { FastifyRequestContext } from './RequestContexts.js';
import { trackResponse, type FinishRecorder } from './requestHook.js';
import { UNMATCHED_ROUTE } from './RouteRecorder.js';

/** The parts of Fastify's request, reply and instance the plugin uses (structural: no runtime import of fastify). */
interface FastifyRequestLike {
  raw: IncomingMessage;
  method: string;
  url: string;
  routeOptions?: { url?: string };
}
interface FastifyReplyLike {
  raw: ServerResponse;
  statusCode: number;
  elapsedTime: number;
  hijack(): void;
}
type Done = (err?: Error) => void;
interface FastifyLike {
  addHook(name: 'onRequest' | 'onResponse', hook: (request: FastifyRequestLike, reply: FastifyReplyLike, done: Done) => void): unknown;
}

export interface MonitorFastifyOptions {
  /** Answer the monitor's endpoints before Fastify's routes; default true. */
  serveEndpoints?: boolean;
}

/**
 * In-flight accounting on the raw response (so a client that goes away leaves it), one per method
 * and route template, so an abort is counted under its route; Fastify's `onResponse` records.
 */
class FastifyInFlight implements FinishRecorder {
  constructor(
    readonly http: HttpMetrics,
    readonly method: string,
    readonly route: string,
  ) {}
  finish(): void {
    this.http.inFlight--;
  }
  abort(): void {
    this.http.inFlight--;
    this.http.recordAbort(this.method, this.route);
  }
}

/** The in-flight recorder of each method and route, the last one kept at hand (a run of requests to one route skips the maps). */
class InFlightRecorders {
  readonly #byRoute = new Map<string, Map<string, FastifyInFlight>>();
  #last: FastifyInFlight | undefined;
  constructor(readonly http: HttpMetrics) {}
  for(method: string, route: string): FastifyInFlight {
    const last = this.#last;
    if (last !== undefined && last.route === route && last.method === method) return last;
    let byMethod = this.#byRoute.get(route);
    if (byMethod === undefined) this.#byRoute.set(route, (byMethod = new Map()));
    let recorder = byMethod.get(method);
    // Bounded like the route labels: past maxRoutes, aborts land on the overflow route anyway.
    if (recorder === undefined) byMethod.set(method, (recorder = new FastifyInFlight(this.http, method, route)));
    this.#last = recorder;
    return recorder;
  }
}

/**
 * A Fastify plugin: per-route RED metrics labelled with Fastify's route template
 * (`request.routeOptions.url`), durations from `reply.elapsedTime`, and the monitor's endpoints.
 * Marked to skip encapsulation, so it sees every route. With a query monitor attached
 * (`createMonitor({ queries })`), the rest of the request runs in a request context whose route is
 * `METHOD template`.
 *
 * @example
 * await app.register(monitorFastify(monitor));
 */
export function monitorFastify(monitor: Monitor, options: MonitorFastifyOptions = {}) {
  checkMonitor(monitor);
  const http = monitor.http;
  const inFlight = new InFlightRecorders(http);
  const serve = options.serveEndpoints ?? true;
  const contexts = monitor.queries !== undefined;
  const plugin = (fastify: FastifyLike, _opts: unknown, done: Done): void => {
    fastify.addHook('onRequest', (request, reply, next) => {
      if (serve && isMonitorPath(request.url)) {
        reply.hijack();
        handleMonitorRequest(monitor, request.raw, reply.raw);
        return;
      }
      const url = request.routeOptions?.url;
      if (trackResponse(request.raw, reply.raw, inFlight.for(request.method, url ?? UNMATCHED_ROUTE), 0)) http.inFlight++;
      if (contexts) runWithRequestContext(new FastifyRequestContext(url === undefined ? undefined : `${request.method} ${url}`), next);
      else next();
    });
    fastify.addHook('onResponse', (request, reply, next) => {
      if (!(serve && isMonitorPath(request.url))) {
        http.record(request.method, request.routeOptions?.url ?? UNMATCHED_ROUTE, reply.statusCode, reply.elapsedTime);
      }
      next();
    });
    done();
  };
  (plugin as unknown as Record<symbol, unknown>)[Symbol.for('skip-override')] = true;
  (plugin as unknown as Record<symbol, unknown>)[Symbol.for('fastify.display-name')] = 'loadline-monitor';
  return plugin;
}

/** @deprecated since 0.2.0: use MonitorFastifyOptions */
export type FastifyMonitorOptions = MonitorFastifyOptions;

/** @deprecated since 0.2.0: use monitorFastify */
export const fastifyMonitor = monitorFastify;
