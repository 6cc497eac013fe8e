import type { KeyedRequest } from './clientKey.js';
import { createRateLimitCheck, type RateLimitMiddlewareOptions, type RateLimitOutcome } from './createRateLimitCheck.js';
import { adapterOptions, refundOnSuccess, writeHeaders } from './adapterSteps.js';

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
