import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Clock } from '../../core/index.js';
import { registerCacheMetrics } from '../cacheMetrics.js';
import { canonicalUrl } from './canonicalUrl.js';
import { carriesCredentials, type CookieName } from './credentialHeaders.js';
import { bodyEtag } from './etag.js';
import { LruCache } from '../lru/LruCache.js';
import { originKey } from './requestOrigin.js';
import { isReplay, replayRequest } from './replayRequest.js';
import { resolveResponseCacheOptions } from './resolveResponseCacheOptions.js';
import { responseCacheExpress, type ResponseCacheMiddleware } from './responseCacheExpress.js';
import type { CacheDecision, CachedResponse, ResponseCacheOptions } from './responseCacheTypes.js';
import type { TrustProxy } from './trustProxy.js';

export { canonicalUrl } from './canonicalUrl.js';
export type { CacheDecision, CachedResponse, ResponseCacheOptions } from './responseCacheTypes.js';

/** Headers never replayed from the cache. */
const UNSTORED = new Set(['set-cookie', 'connection', 'keep-alive', 'transfer-encoding', 'date', 'x-cache', 'age']);
const REFRESH_WINDOW_MS = 30_000;

/**
 * The request header names a URL's responses vary on, stored at the URL's base key in front of
 * its variants: in the same bounded store, so URLs an attacker invents cannot grow memory.
 */
class VaryNames {
  constructor(readonly names: readonly string[]) {}
}

/** The URL the client asked for: Express and connect mounts, and Fastify's rewriteUrl, leave it in `originalUrl`. */
function requestedUrl(req: IncomingMessage): string {
  return (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
}

/**
 * HTTP response cache for GET/HEAD 200 responses: keys on the identity (`key`), scheme, host,
 * the full requested URL with its query sorted by name, and the request headers named in `Vary`;
 * sets ETags and answers If-None-Match with 304; marks responses `X-Cache: HIT | MISS | STALE`
 * (`BYPASS` when a request is not cacheable). Requests carrying credentials are never served
 * from or stored in the shared entries; responses that are private, no-store, no-cache, set a
 * cookie or vary on `*` are never stored. Put it in front of an application with
 * `responseCacheHttp`, `responseCacheExpress` or `responseCacheFastify`.
 *
 * @example
 * const cache = new ResponseCache({ ttlMs: 30_000, graceMs: 60_000 });
 * http.createServer(responseCacheHttp(cache, (req, res) => route(req, res))); // node:http
 * app.use(responseCacheExpress(cache));                                        // Express
 * await fastify.register(responseCacheFastify(cache));                         // Fastify
 */
export class ResponseCache {
  readonly ttlMs: number;
  readonly graceMs: number;
  readonly maxBodyBytes: number;
  readonly clock: Clock;
  readonly #store: LruCache<CachedResponse | VaryNames>;
  readonly #key: ((req: IncomingMessage) => string | undefined) | undefined;
  readonly #credentialHeaders: readonly string[];
  readonly #ignoreCookies: readonly CookieName[];
  readonly #trustProxy: TrustProxy;
  #hits = 0;
  #misses = 0;
  #staleHits = 0;
  #bypasses = 0;

  constructor(options: ResponseCacheOptions = {}) {
    const o = resolveResponseCacheOptions(options);
    this.ttlMs = o.ttlMs;
    this.graceMs = o.graceMs;
    this.maxBodyBytes = o.maxBodyBytes;
    this.clock = o.clock;
    this.#key = o.key;
    this.#credentialHeaders = o.credentialHeaders;
    this.#ignoreCookies = o.ignoreCookies;
    this.#trustProxy = o.trustProxy;
    this.#store = new LruCache<CachedResponse | VaryNames>({
      maxBytes: o.maxBytes,
      sizeOf: (e, key) => key.length * 2 + (e instanceof VaryNames ? 64 : e.body.length + 256),
      clock: this.clock,
    });
    if (o.metrics) registerCacheMetrics(o.metrics, o.name, () => this.stats());
  }

  /** Hits (fresh), stale answers, misses, bypasses, stored entries and bytes; hitRate counts stale answers as hits. */
  stats() {
    const served = this.#hits + this.#staleHits;
    const s = this.#store.stats();
    return { hits: this.#hits, staleHits: this.#staleHits, misses: this.#misses, bypasses: this.#bypasses, evictions: s.evictions, entries: s.entries, bytes: s.bytes, hitRate: served + this.#misses === 0 ? 0 : served / (served + this.#misses) };
  }

  /**
   * Connect-style handler for node:http and Express.
   * @deprecated since 0.2.0: use responseCacheExpress(cache), or responseCacheHttp(cache, handler) for node:http
   */
  readonly handler: ResponseCacheMiddleware = responseCacheExpress(this);

  /**
   * Looks `req` up: hit, stale, miss (this request should produce and store the response) or
   * bypass. An expired entry in grace is answered stale to every request, the first one included:
   * that one also replays the request through the server in the background to refresh the entry
   * (or, for a request no server delivered, such as an injected one, goes through as a miss).
   */
  decide(req: IncomingMessage): CacheDecision {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return this.#bypass();
    const headers = req.headers;
    let identity = '';
    if (this.#key !== undefined) {
      const k = this.#key(req);
      if (k === undefined) return this.#bypass();
      identity = k;
    }
    // Shared entries hold only what anyone may see: a credentialed request needs its own identity.
    if (identity === '' && carriesCredentials(headers, this.#credentialHeaders, this.#ignoreCookies)) return this.#bypass();
    const cc = headers['cache-control'];
    if (cc !== undefined && /no-store/i.test(cc)) return this.#bypass();
    const origin = originKey(req, this.#trustProxy);
    if (origin === undefined) return this.#bypass();
    const url = requestedUrl(req);
    const base = `${identity}\u0000${origin}${canonicalUrl(url)}`;
    const key = this.#fullKey(base, req);
    const found = this.#store.get(key);
    const entry = found instanceof VaryNames ? undefined : found;
    if (isReplay(req)) return { kind: 'miss', key, base, ...(entry ? { stale: entry } : {}) };
    if (entry === undefined) {
      this.#misses++;
      return { kind: 'miss', key, base };
    }
    const now = this.clock.now();
    if (now < entry.freshUntil) {
      this.#hits++;
      return { kind: 'hit', key, entry };
    }
    if (entry.refreshingUntil <= now) {
      entry.refreshingUntil = now + REFRESH_WINDOW_MS;
      if (!replayRequest(req, url, () => this.#refreshDone(entry))) {
        this.#misses++;
        return { kind: 'miss', key, base, stale: entry };
      }
    }
    this.#staleHits++;
    return { kind: 'stale', key, entry };
  }

  /**
   * How long a response produced for a `miss` decision may be stored, in milliseconds, or
   * `undefined` when it must not be: not a 200 to a GET, `Cache-Control` private, no-store,
   * no-cache or a zero max-age, a `Set-Cookie`, or `Vary: *`.
   */
  storableTtl(decision: CacheDecision, req: IncomingMessage, status: number, headers: OutgoingHttpHeaders): number | undefined {
    if (decision.kind !== 'miss' || status !== 200 || req.method !== 'GET') return undefined;
    const cc = String(headers['cache-control'] ?? '');
    if (/no-store|private|no-cache/i.test(cc) || headers['set-cookie'] !== undefined) return undefined;
    if (String(headers.vary ?? '').includes('*')) return undefined;
    let ttl = this.ttlMs;
    const age = /(?:s-maxage|max-age)\s*=\s*(\d+)/i.exec(cc);
    if (age) ttl = Math.min(ttl, Number(age[1]) * 1000);
    return ttl > 0 ? ttl : undefined;
  }

  /**
   * Stores a response produced for a `miss` decision if it may be cached, and sets its ETag
   * through `setHeader`. Returns the ETag when stored (or when one was already set), else undefined.
   */
  remember(decision: CacheDecision, req: IncomingMessage, status: number, headers: OutgoingHttpHeaders, body: Buffer, setHeader: (name: string, value: string) => void): string | undefined {
    const ttl = this.storableTtl(decision, req, status, headers);
    if (ttl === undefined || decision.kind !== 'miss') return undefined;
    let etag = headers.etag === undefined ? undefined : String(headers.etag);
    if (etag === undefined) {
      etag = bodyEtag(body);
      setHeader('ETag', etag);
    }
    const stored: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) if (value !== undefined && !UNSTORED.has(name)) stored[name] = value;
    stored.etag = etag;
    const vary = String(headers.vary ?? '').split(',').map((v) => v.trim().toLowerCase()).filter(Boolean).sort();
    const life = { ttlMs: ttl + this.graceMs };
    if (vary.length === 0) this.#store.set(decision.base, { status, headers: stored, body, etag, freshUntil: this.clock.now() + ttl, refreshingUntil: 0 }, life);
    else {
      this.#store.set(decision.base, new VaryNames(vary), life);
      this.#store.set(this.#fullKey(decision.base, req), { status, headers: stored, body, etag, freshUntil: this.clock.now() + ttl, refreshingUntil: 0 }, life);
    }
    return etag;
  }

  /** Drops every stored response (e.g. after a deploy). */
  clear(): void {
    this.#store.clear();
  }

  #bypass(): CacheDecision {
    this.#bypasses++;
    return { kind: 'bypass' };
  }

  #refreshDone(entry: CachedResponse): void {
    entry.refreshingUntil = 0;
  }

  /** `base` plus the values of the request headers its responses vary on, if they do. */
  #fullKey(base: string, req: IncomingMessage): string {
    const vary = this.#store.get(base);
    if (!(vary instanceof VaryNames)) return base;
    let key = base;
    for (const name of vary.names) {
      const v = req.headers[name];
      key += `\u0000${name}=${Array.isArray(v) ? v.join(',') : (v ?? '')}`;
    }
    return key;
  }
}
