import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyedRequest } from './clientKey.js';
import { createRateLimitCheck, type RateLimitMiddlewareOptions, type RateLimitOutcome } from './rateLimitMiddleware.js';

function writeHeaders(outcome: RateLimitOutcome, set: (name: string, value: string) => unknown): void {
  for (const name in outcome.headers) set(name, outcome.headers[name]!);
}

/**
 * Rate limiting for a plain node:http handler: resolves true when the request may proceed; when it
 * may not, the 429 (with Retry-After and RateLimit-* headers) has already been sent.
 *
 * @example
 * const limit = rateLimitHttp({ routes: { '/api/auth': 'auth', '/api/search': 'search' } });
 * http.createServer(async (req, res) => { if (!(await limit(req, res))) return; handle(req, res); });
 */
export function rateLimitHttp(options: RateLimitMiddlewareOptions<IncomingMessage> = {}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const check = createRateLimitCheck<IncomingMessage>(options);
  return async (req, res) => {
    const outcome = await check(req);
    if (!outcome) return true;
    writeHeaders(outcome, (n, v) => res.setHeader(n, v));
    if (outcome.decision.allowed) return true;
    res.statusCode = 429;
    res.setHeader('content-type', 'application/json');
    res.end(outcome.body);
    return false;
  };
}

/** The parts of an Express response the middleware uses (typed structurally: express is not a dependency). */
export interface ExpressLikeResponse {
  setHeader(name: string, value: string): unknown;
  status(code: number): ExpressLikeResponse;
  type(type: string): ExpressLikeResponse;
  send(body: string): unknown;
}

/**
 * Express middleware: sets RateLimit-* headers and answers 429 with Retry-After when limited;
 * errors (from a `keyBy` function) go to `next(err)`.
 *
 * @example
 * app.use('/api/auth', rateLimitExpress({ profileFor: () => 'auth', trustProxy: 1 }));
 */
export function rateLimitExpress<Req extends KeyedRequest = KeyedRequest>(options: RateLimitMiddlewareOptions<Req> = {}): (req: Req, res: ExpressLikeResponse, next: (err?: unknown) => void) => void {
  const check = createRateLimitCheck<Req>(options);
  return (req, res, next) => {
    check(req).then((outcome) => {
      if (!outcome) return next();
      writeHeaders(outcome, (n, v) => res.setHeader(n, v));
      if (outcome.decision.allowed) return next();
      res.status(429).type('application/json').send(outcome.body);
    }, next);
  };
}

/** The parts of a Fastify request and reply the hook uses (typed structurally: fastify is not a dependency). */
export interface FastifyLikeRequest {
  raw: KeyedRequest;
}
export interface FastifyLikeReply {
  header(name: string, value: string): unknown;
  code(status: number): FastifyLikeReply;
  type(contentType: string): FastifyLikeReply;
  send(body: string): unknown;
}

/**
 * A Fastify `onRequest` hook: sets RateLimit-* headers and answers 429 with Retry-After when
 * limited. Key functions and `profileFor` receive the raw node request.
 *
 * @example
 * fastify.addHook('onRequest', rateLimitFastify({ routes: { '/search': 'search' } }));
 */
export function rateLimitFastify(options: RateLimitMiddlewareOptions<KeyedRequest> = {}): (request: FastifyLikeRequest, reply: FastifyLikeReply) => Promise<unknown> {
  const check = createRateLimitCheck<KeyedRequest>(options);
  return async (request, reply) => {
    const outcome = await check(request.raw);
    if (!outcome) return undefined;
    writeHeaders(outcome, (n, v) => reply.header(n, v));
    // Fastify: an async hook that answers early returns the reply
    if (!outcome.decision.allowed) return reply.code(429).type('application/json').send(outcome.body);
    return undefined;
  };
}
