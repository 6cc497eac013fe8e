import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkFunction } from '../core/index.js';
import type { KeyedRequest } from './clientKey.js';
import { createRateLimitCheck, type RateLimitMiddlewareOptions, type RateLimitOutcome } from './rateLimitMiddleware.js';

function writeHeaders(outcome: RateLimitOutcome, set: (name: string, value: string) => unknown): void {
  for (const name in outcome.headers) set(name, outcome.headers[name]!);
}

/** The options only an adapter can act on (they need the framework's response), split from the core's. */
function adapterOptions<O extends { requestWasSuccessful?: unknown; handler?: unknown }>(options: O): { core: Omit<O, 'requestWasSuccessful' | 'handler'>; wasSuccessful: O['requestWasSuccessful'] | undefined; handler: O['handler'] | undefined } {
  const { requestWasSuccessful, handler, ...core } = options ?? ({} as O);
  return {
    core,
    wasSuccessful: requestWasSuccessful === undefined ? undefined : checkFunction(requestWasSuccessful, 'requestWasSuccessful'),
    handler: handler === undefined ? undefined : checkFunction(handler, 'handler'),
  };
}

/** skipSuccessfulRequests: once the response is sent, a successful one gives its grant back; an aborted one keeps counting. */
function refundOnSuccess(outcome: RateLimitOutcome, response: { once(event: 'finish', fn: () => void): unknown }, succeeded: () => boolean): void {
  if (!outcome.decision.allowed) return;
  response.once('finish', () => {
    if (succeeded()) outcome.limiter.refund(outcome.key, outcome.decision).catch(() => {});
  });
}

export interface RateLimitHttpOptions extends RateLimitMiddlewareOptions<IncomingMessage> {
  /** With `skipSuccessfulRequests`: whether a finished response was a success (its grant is given back); default status below 400. */
  requestWasSuccessful?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Answers a limited request instead of the default 429 (the RateLimit and Retry-After headers are already set); default none. */
  handler?: (req: IncomingMessage, res: ServerResponse, outcome: RateLimitOutcome) => void;
}

/**
 * Rate limiting for a plain node:http handler: resolves true when the request may proceed; when it
 * may not, the 429 (with Retry-After and RateLimit headers) has already been sent.
 *
 * @example
 * const limit = rateLimitHttp({ routes: { '/api/auth': 'auth', '/api/search': 'search' } });
 * http.createServer(async (req, res) => { if (!(await limit(req, res))) return; handle(req, res); });
 */
export function rateLimitHttp(options: RateLimitHttpOptions = {}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const { core, wasSuccessful, handler } = adapterOptions(options);
  const check = createRateLimitCheck<IncomingMessage>(core);
  const skipSuccessful = options.skipSuccessfulRequests === true;
  return async (req, res) => {
    const outcome = await check(req);
    if (!outcome) return true;
    writeHeaders(outcome, (n, v) => res.setHeader(n, v));
    if (skipSuccessful) refundOnSuccess(outcome, res, () => (wasSuccessful ? wasSuccessful(req, res) : res.statusCode < 400));
    if (outcome.decision.allowed) return true;
    if (handler) {
      handler(req, res, outcome);
      return false;
    }
    res.statusCode = 429;
    res.setHeader('content-type', 'application/json');
    res.end(outcome.body);
    return false;
  };
}

/** The parts of an Express response the middleware uses (typed structurally: express is not a dependency). */
export interface ExpressLikeResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  status(code: number): ExpressLikeResponse;
  type(type: string): ExpressLikeResponse;
  send(body: string): unknown;
  once(event: 'finish', listener: () => void): unknown;
}

/** Express request fields beyond node's: the mount prefix (`baseUrl`) and the unstripped URL. */
export interface ExpressLikeRequest extends KeyedRequest {
  baseUrl?: string;
}

export interface RateLimitExpressOptions<Req extends ExpressLikeRequest = ExpressLikeRequest, Res extends ExpressLikeResponse = ExpressLikeResponse> extends RateLimitMiddlewareOptions<Req> {
  /** With `skipSuccessfulRequests`: whether a finished response was a success (its grant is given back); default status below 400. */
  requestWasSuccessful?: (req: Req, res: Res) => boolean;
  /** Answers a limited request instead of the default 429, as express-rate-limit's handler (headers already set); default none. */
  handler?: (req: Req, res: Res, next: (err?: unknown) => void, outcome: RateLimitOutcome) => void;
}

/**
 * Express middleware: sets RateLimit headers and answers 429 with Retry-After when limited;
 * errors (from a `keyBy` function, or a route table that cannot match where the middleware is
 * mounted) go to `next(err)`. Routes match `req.originalUrl`, so a mounted middleware sees the
 * full path.
 *
 * @example
 * app.use('/api', rateLimitExpress({ mountPath: '/api', routes: { '/api/auth': 'auth' }, trustProxy: 1 }));
 */
export function rateLimitExpress<Req extends ExpressLikeRequest = ExpressLikeRequest, Res extends ExpressLikeResponse = ExpressLikeResponse>(
  options: RateLimitExpressOptions<Req, Res> = {},
): (req: Req, res: Res, next: (err?: unknown) => void) => void {
  const { core, wasSuccessful, handler } = adapterOptions(options);
  const check = createRateLimitCheck<Req>(core);
  const skipSuccessful = options.skipSuccessfulRequests === true;
  return (req, res, next) => {
    check(req, req.baseUrl).then((outcome) => {
      if (!outcome) return next();
      writeHeaders(outcome, (n, v) => res.setHeader(n, v));
      if (skipSuccessful) refundOnSuccess(outcome, res, () => (wasSuccessful ? wasSuccessful(req, res) : res.statusCode < 400));
      if (outcome.decision.allowed) return next();
      if (handler) return handler(req, res, next, outcome);
      res.status(429).type('application/json').send(outcome.body);
    }, next);
  };
}

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
