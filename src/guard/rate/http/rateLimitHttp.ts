import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRateLimitCheck, type RateLimitMiddlewareOptions, type RateLimitOutcome } from './createRateLimitCheck.js';
import { adapterOptions, refundOnSuccess, writeHeaders } from './adapterSteps.js';

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
