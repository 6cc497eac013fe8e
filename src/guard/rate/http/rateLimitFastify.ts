import type { KeyedRequest } from './clientKey.js';
import { createRateLimitCheck, type RateLimitMiddlewareOptions, type RateLimitOutcome } from './createRateLimitCheck.js';
import { adapterOptions, refundOnSuccess, writeHeaders } from './adapterSteps.js';

/** The parts of a Fastify request and reply the hook uses (typed structurally: fastify is not a dependency). */
export interface FastifyLikeRequest {
  raw: KeyedRequest;
}
export interface FastifyLikeReply {
  statusCode: number;
  raw: { once(event: 'finish', listener: () => void): unknown };
  header(name: string, value: string): unknown;
  code(status: number): FastifyLikeReply;
  type(contentType: string): FastifyLikeReply;
  send(body: string): unknown;
}

export interface RateLimitFastifyOptions<Request extends FastifyLikeRequest = FastifyLikeRequest, Reply extends FastifyLikeReply = FastifyLikeReply> extends RateLimitMiddlewareOptions<KeyedRequest> {
  /** With `skipSuccessfulRequests`: whether a finished response was a success (its grant is given back); default status below 400. */
  requestWasSuccessful?: (request: Request, reply: Reply) => boolean;
  /** Answers a limited request instead of the default 429 (headers already set); its result is the hook's; default none. */
  handler?: (request: Request, reply: Reply, outcome: RateLimitOutcome) => unknown;
}

/**
 * A Fastify `onRequest` hook: sets RateLimit headers and answers 429 with Retry-After when
 * limited. Key functions and `profileFor` receive the raw node request. Fastify keeps the full
 * URL under a plugin prefix, so routes are full paths; a hook inside a prefixed plugin declares
 * `mountPath` to have its entries checked at startup (Fastify tells a hook only the route's
 * prefix, not its own, so this cannot be found out per request).
 *
 * @example
 * fastify.addHook('onRequest', rateLimitFastify({ routes: { '/search': 'search' } }));
 */
export function rateLimitFastify<Request extends FastifyLikeRequest = FastifyLikeRequest, Reply extends FastifyLikeReply = FastifyLikeReply>(
  options: RateLimitFastifyOptions<Request, Reply> = {},
): (request: Request, reply: Reply) => Promise<unknown> {
  const { core, wasSuccessful, handler } = adapterOptions(options);
  const check = createRateLimitCheck<KeyedRequest>(core);
  const skipSuccessful = options.skipSuccessfulRequests === true;
  return async (request, reply) => {
    const outcome = await check(request.raw);
    if (!outcome) return undefined;
    writeHeaders(outcome, (n, v) => reply.header(n, v));
    if (skipSuccessful) refundOnSuccess(outcome, reply.raw, () => (wasSuccessful ? wasSuccessful(request, reply) : reply.statusCode < 400));
    if (outcome.decision.allowed) return undefined;
    if (handler) return handler(request, reply, outcome);
    // Fastify: an async hook that answers early returns the reply
    return reply.code(429).type('application/json').send(outcome.body);
  };
}
