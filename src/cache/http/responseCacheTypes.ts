import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Clock, MetricsSink } from '../../core/index.js';
import type { CookieName } from './credentialHeaders.js';
import type { TrustProxy } from './trustProxy.js';

/** Options of `new ResponseCache()` (the HTTP response cache behind the node:http, Express and Fastify middleware). */
export interface ResponseCacheOptions {
  /** How long a stored response is fresh unless its Cache-Control max-age/s-maxage says less; default 60000. Milliseconds. */
  ttlMs?: number;
  /** After freshness ends, serve the stored response with `X-Cache: STALE` while the application produces a new one in the background; default 0. Milliseconds. */
  graceMs?: number;
  /** Most bytes of stored responses (bodies plus headers); default 67108864 (64 MiB). Bytes. */
  maxBytes?: number;
  /** Largest body that is cached; bigger responses stream through uncached; default 1048576 (1 MiB). Bytes. */
  maxBodyBytes?: number;
  /**
   * The caller's identity, as a key part: each distinct string gets its own entries. `""` means
   * anonymous (the shared entries); `undefined` skips caching the request. A request that carries
   * a credential header (see `credentialHeaders`) and gets `""` bypasses the cache. Default: every
   * request is anonymous, so credentialed requests are never cached.
   */
  key?: (req: IncomingMessage) => string | undefined;
  /** Request headers that carry credentials, besides the built-in Authorization, Proxy-Authorization, Cookie and X-API-Key; default none. */
  credentialHeaders?: readonly string[];
  /** Cookies that do not identify anyone (analytics): a request whose cookies are all in this list counts as anonymous; default none (any Cookie is a credential). */
  ignoreCookies?: readonly CookieName[];
  /** Which peers are proxies whose X-Forwarded-Host/-Proto name the host and scheme of the key (as the rate limiter's `trustProxy`); default false. */
  trustProxy?: TrustProxy;
  /** Time source; default `systemClock`. */
  clock?: Clock;
  /** Where to report `loadline_cache_*` gauges and counters (hit ratio, bytes); default none. */
  metrics?: MetricsSink;
  /** Value of the `cache` label on metrics; default "http". */
  name?: string;
}

/** One stored response. */
export interface CachedResponse {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  etag: string;
  /** clock.now() when it stops being fresh. */
  freshUntil: number;
  /** A refresh is running until this time (clock.now()); 0 when none. */
  refreshingUntil: number;
}

/** What the cache decided for one request. */
export type CacheDecision =
  | { kind: 'hit' | 'stale'; key: string; entry: CachedResponse }
  | { kind: 'miss'; key: string; base: string; stale?: CachedResponse }
  | { kind: 'bypass' };
