import type { IncomingMessage, ServerResponse } from 'node:http';
import { captureResponse } from './captureResponse.js';
import { checkResponseCache } from './checkResponseCache.js';
import { etagMatches } from './etag.js';
import type { ResponseCache } from './ResponseCache.js';
import type { CachedResponse } from './responseCacheTypes.js';

/** Connect-style middleware, as Express and connect call it. */
export type ResponseCacheMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

function serveStored(req: IncomingMessage, res: ServerResponse, entry: CachedResponse, state: 'HIT' | 'STALE'): void {
  for (const [name, value] of Object.entries(entry.headers)) res.setHeader(name, value as string | string[]);
  res.setHeader('X-Cache', state);
  if (etagMatches(req.headers['if-none-match'], entry.etag)) {
    res.removeHeader('content-length');
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = entry.status;
  res.setHeader('Content-Length', entry.body.length);
  res.end(req.method === 'HEAD' ? undefined : entry.body);
}

/**
 * Express (and connect) middleware that puts `cache` in front of the routes after it: answers hits
 * and stale entries, and stores the response the routes send on a miss (buffered, with its ETag).
 *
 * @example
 * const cache = new ResponseCache({ ttlMs: 30_000, graceMs: 60_000 });
 * app.use(responseCacheExpress(cache));
 */
export function responseCacheExpress(cache: ResponseCache): ResponseCacheMiddleware {
  checkResponseCache(cache);
  return (req, res, next) => {
    const decision = cache.decide(req);
    if (decision.kind === 'hit' || decision.kind === 'stale') {
      serveStored(req, res, decision.entry, decision.kind === 'hit' ? 'HIT' : 'STALE');
      return;
    }
    if (decision.kind === 'bypass') {
      res.setHeader('X-Cache', 'BYPASS');
      next();
      return;
    }
    res.setHeader('X-Cache', 'MISS');
    captureResponse(req, res, cache.maxBodyBytes, (status, body) => cache.remember(decision, req, status, res.getHeaders(), body, (name, value) => res.setHeader(name, value)));
    const stale = decision.kind === 'miss' ? decision.stale : undefined;
    // This request is the refresh of a stale entry: once it is over, a later stale read may start another.
    if (stale !== undefined) res.once('close', () => (stale.refreshingUntil = 0));
    next();
  };
}
