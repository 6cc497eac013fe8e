import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext } from '../../core/index.js';
import type { RouteOf } from './RouteRecorder.js';

/*
 * The request contexts the adapters open when a query monitor is attached (`queries` option):
 * what the db pillar reads to count each query under `METHOD /route/:template`. The route is a
 * getter read at query time, because Express and node:http routers know the route only once
 * routing has run, after the monitor's middleware; before that it reads undefined (the db pillar
 * counts such queries as `__unrouted__`). Each context is one small object; the db pillar adds
 * its per-request slot to it.
 */

/** node:http: the route function the adapter was given, read once it answers. */
export class HttpRequestContext implements RequestContext {
  [slot: symbol]: unknown;
  #route: string | undefined = undefined;
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly routeOf: RouteOf,
  ) {}

  get route(): string | undefined {
    if (this.#route !== undefined) return this.#route;
    let template: unknown;
    try {
      template = this.routeOf(this.req, this.res);
    } catch {
      return undefined;
    }
    if (typeof template !== 'string') return undefined;
    return (this.#route = `${this.req.method ?? 'GET'} ${template}`);
  }
}

interface ExpressRequestLike extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
}

/** Express: `req.baseUrl + req.route.path`, which Express sets once a route matched (and may change if a handler passes on). */
export class ExpressRequestContext implements RequestContext {
  [slot: symbol]: unknown;
  #for: unknown = undefined;
  #forBase: string | undefined = undefined;
  #route: string | undefined = undefined;
  constructor(readonly req: IncomingMessage) {}

  get route(): string | undefined {
    const req = this.req as ExpressRequestLike;
    const matched = req.route;
    if (!matched) return undefined;
    const base = req.baseUrl ?? '';
    if (matched !== this.#for || base !== this.#forBase) {
      this.#for = matched;
      this.#forBase = base;
      this.#route = `${req.method ?? 'GET'} ${`${base}${String(matched.path ?? '')}` || '/'}`;
    }
    return this.#route;
  }
}

/** Fastify routes before its `onRequest` hooks run: the template is known when the context opens. */
export class FastifyRequestContext implements RequestContext {
  [slot: symbol]: unknown;
  constructor(readonly route: string | undefined) {}
}
