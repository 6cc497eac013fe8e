import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Monitor } from './Monitor.js';
import { handleMonitorRequest, isMonitorPath } from './MonitorEndpoints.js';
import type { HttpMetrics } from './HttpMetrics.js';
import { trackResponse, type FinishRecorder } from './RequestHook.js';
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

export interface FastifyMonitorOptions {
  /** Answer the monitor's endpoints before Fastify's routes; default true. */
  serveEndpoints?: boolean;
}

/** In-flight accounting on the raw response (so a client that goes away leaves it); Fastify's `onResponse` records. */
class FastifyInFlight implements FinishRecorder {
  constructor(readonly http: HttpMetrics) {}
  finish(): void {
    this.http.inFlight--;
  }
  abort(): void {
    this.http.inFlight--;
    this.http.aborted++;
  }
}

/**
 * A Fastify plugin: per-route RED metrics labelled with Fastify's route template
 * (`request.routeOptions.url`), durations from `reply.elapsedTime`, and the monitor's endpoints.
 * Marked to skip encapsulation, so it sees every route.
 *
 * @example
 * await app.register(fastifyMonitor(monitor));
 */
export function fastifyMonitor(monitor: Monitor, options: FastifyMonitorOptions = {}) {
  const http = monitor.http;
  const inFlight = new FastifyInFlight(http);
  const serve = options.serveEndpoints ?? true;
  const plugin = (fastify: FastifyLike, _opts: unknown, done: Done): void => {
    fastify.addHook('onRequest', (request, reply, next) => {
      if (serve && isMonitorPath(request.url)) {
        reply.hijack();
        handleMonitorRequest(monitor, request.raw, reply.raw);
        return;
      }
      http.inFlight++;
      trackResponse(reply.raw, inFlight, 0);
      next();
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
