import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkFunction } from '../../core/index.js';
import type { ResponseCache } from './ResponseCache.js';
import { responseCacheExpress } from './responseCacheExpress.js';

/**
 * Wraps a node:http request handler with `cache`: hits and stale entries are answered without
 * calling `handler`; on a miss `handler` runs and what it sends is stored.
 *
 * @example
 * const cache = new ResponseCache({ ttlMs: 30_000 });
 * http.createServer(responseCacheHttp(cache, (req, res) => route(req, res))).listen(3000);
 */
export function responseCacheHttp<Req extends IncomingMessage = IncomingMessage, Res extends ServerResponse = ServerResponse>(
  cache: ResponseCache,
  handler: (req: Req, res: Res) => unknown,
): (req: Req, res: Res) => void {
  const middleware = responseCacheExpress(cache);
  checkFunction(handler, 'handler');
  return (req, res) => middleware(req, res, () => void handler(req, res));
}
