import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What code running on behalf of one HTTP request can learn about it, from anywhere below the
 * handler, without the request object being passed down. The monitor opens one per request; the
 * db pillar reads the route of each query from it and keeps its per-request query counts on it.
 * Other code (a test, a job runner) can open one with `runWithRequestContext`.
 */
export interface RequestContext {
  /**
   * Method and route template, e.g. `GET /users/:id`; never a raw URL (labels stay bounded).
   * May be a getter, or be set late: frameworks know the route only once routing has run.
   */
  route?: string;
  /** Slots for the pillars' per-request state, keyed by a symbol each pillar owns. */
  [slot: symbol]: unknown;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Runs `fn` with `context` as the current request context, for `fn` and every callback and
 * promise continuation it starts.
 *
 * @example
 * app.use((req, res, next) =>
 *   runWithRequestContext({ get route() { return req.route ? `${req.method} ${req.route.path}` : undefined } }, next));
 */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the request being served, or `undefined` outside any request. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
