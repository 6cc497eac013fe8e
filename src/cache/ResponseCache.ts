import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { checkFunction, checkKnownKeys, checkOptionalInteger, checkOptionalNumber, invalidInput, systemClock, type Clock, type MetricsSink } from '../core/index.js';
import { registerCacheMetrics } from './cacheMetrics.js';
import { captureResponse } from './captureResponse.js';
import { bodyEtag, etagMatches } from './etag.js';
import { LruCache } from './LruCache.js';

/** Options of `new ResponseCache()` (the HTTP response cache behind the node:http, Express and Fastify middleware). */
export interface ResponseCacheOptions {
  /** How long a stored response is fresh unless its Cache-Control max-age/s-maxage says less; default 60000. Milliseconds. */
  ttlMs?: number;
  /** After freshness ends, serve the stored response with `X-Cache: STALE` while one request refreshes it; default 0. Milliseconds. */
  graceMs?: number;
  /** Most bytes of stored responses (bodies plus headers); default 67108864 (64 MiB). Bytes. */
  maxBytes?: number;
  /** Largest body that is cached; bigger responses stream through uncached; default 1048576 (1 MiB). Bytes. */
  maxBodyBytes?: number;
  /**
   * Extra key part, typically the user's identity. Without it, requests with Authorization or Cookie
   * are never cached (one user's response must never reach another). Return `undefined` to skip
   * caching a request. Default none.
   */
  key?: (req: IncomingMessage) => string | undefined;
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
  /** A refresh request is running until this time (clock.now()); 0 when none. */
  refreshingUntil: number;
}

/** What the cache decided for one request. */
export type CacheDecision =
  | { kind: 'hit' | 'stale'; key: string; entry: CachedResponse }
  | { kind: 'miss'; key: string; base: string; stale?: CachedResponse }
  | { kind: 'bypass' };

const KNOWN = ['ttlMs', 'graceMs', 'maxBytes', 'maxBodyBytes', 'key', 'clock', 'metrics', 'name'];
/** Headers never replayed from the cache. */
const UNSTORED = new Set(['set-cookie', 'connection', 'keep-alive', 'transfer-encoding', 'date', 'x-cache', 'age']);
const REFRESH_WINDOW_MS = 30_000;

/**
 * HTTP response cache for GET/HEAD 200 responses: keys on method, path, sorted query and the
 * request headers named in `Vary`; sets ETags and answers If-None-Match with 304; marks responses
 * `X-Cache: HIT | MISS | STALE` (`BYPASS` when a request is not cacheable); honours
 * `Cache-Control: no-store` and `private`. Use `.handler` for node:http and Express, or
 * `fastifyResponseCache` for Fastify.
 *
 * @example
 * const cache = new ResponseCache({ ttlMs: 30_000, graceMs: 60_000 });
 * app.use(cache.handler);                                   // Express
 * http.createServer((req, res) => cache.handler(req, res, () => route(req, res)));
 */
export class ResponseCache {
  readonly ttlMs: number;
  readonly graceMs: number;
  readonly maxBodyBytes: number;
  readonly clock: Clock;
  readonly store: LruCache<CachedResponse>;
  readonly #key: ((req: IncomingMessage) => string | undefined) | undefined;
  /** Vary header names (lower case, sorted) per method+path+query. */
  readonly #vary = new Map<string, readonly string[]>();
  #hits = 0;
  #misses = 0;
  #staleHits = 0;
  #bypasses = 0;

  constructor(options: ResponseCacheOptions = {}) {
    if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object' });
    checkKnownKeys(options, KNOWN);
    this.ttlMs = checkOptionalNumber(options.ttlMs, 'ttlMs', { above: 0 }) ?? 60_000;
    this.graceMs = checkOptionalNumber(options.graceMs, 'graceMs', { min: 0 }) ?? 0;
    this.maxBodyBytes = checkOptionalInteger(options.maxBodyBytes, 'maxBodyBytes', { min: 0 }) ?? 1 << 20;
    this.#key = options.key === undefined ? undefined : checkFunction(options.key, 'key');
    this.clock = options.clock ?? systemClock;
    this.store = new LruCache<CachedResponse>({
      maxBytes: checkOptionalNumber(options.maxBytes, 'maxBytes', { above: 0 }) ?? 64 << 20,
      sizeOf: (e) => e.body.length + 256,
      clock: this.clock,
    });
    if (options.metrics) registerCacheMetrics(options.metrics, options.name ?? 'http', () => this.stats());
  }

  /** Hits (fresh), stale answers, misses, bypasses, stored entries and bytes; hitRate counts stale answers as hits. */
  stats() {
    const served = this.#hits + this.#staleHits;
    const s = this.store.stats();
    return { hits: this.#hits, staleHits: this.#staleHits, misses: this.#misses, bypasses: this.#bypasses, evictions: s.evictions, entries: s.entries, bytes: s.bytes, hitRate: served + this.#misses === 0 ? 0 : served / (served + this.#misses) };
  }

  /** Connect-style handler for node:http and Express: answers from the cache or calls `next` and stores what it sends. */
  readonly handler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    const decision = this.decide(req);
    if (decision.kind === 'hit' || decision.kind === 'stale') {
      this.#serve(req, res, decision.entry, decision.kind === 'hit' ? 'HIT' : 'STALE');
      return;
    }
    if (decision.kind === 'bypass') {
      res.setHeader('X-Cache', 'BYPASS');
      next();
      return;
    }
    res.setHeader('X-Cache', 'MISS');
    captureResponse(req, res, this.maxBodyBytes, (status, body) => this.remember(decision, req, status, res.getHeaders(), body, (name, value) => res.setHeader(name, value)));
    res.once('close', () => this.#refreshDone(decision));
    next();
  };

  /** Looks `req` up: hit, stale (another request is refreshing), miss (this request should produce and store it) or bypass. */
  decide(req: IncomingMessage): CacheDecision {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return this.#bypass();
    const headers = req.headers;
    let identity = '';
    if (this.#key !== undefined) {
      const k = this.#key(req);
      if (k === undefined) return this.#bypass();
      identity = k;
    } else if (headers.authorization !== undefined || headers.cookie !== undefined) {
      return this.#bypass();
    }
    const cc = headers['cache-control'];
    if (cc !== undefined && /no-store/i.test(cc)) return this.#bypass();
    const base = `${identity}\u0000${canonicalUrl(req.url ?? '/')}`;
    const key = this.#fullKey(base, req);
    const entry = key === undefined ? undefined : this.store.get(key);
    if (entry === undefined) {
      this.#misses++;
      return { kind: 'miss', key: key ?? base, base };
    }
    const now = this.clock.now();
    if (now < entry.freshUntil) {
      this.#hits++;
      return { kind: 'hit', key: key!, entry };
    }
    if (entry.refreshingUntil > now) {
      this.#staleHits++;
      return { kind: 'stale', key: key!, entry };
    }
    this.#misses++;
    entry.refreshingUntil = now + REFRESH_WINDOW_MS;
    return { kind: 'miss', key: key!, base, stale: entry };
  }

  /**
   * Stores a response produced for a `miss` decision if it may be cached, and sets its ETag
   * through `setHeader`. Returns the ETag when stored (or when one was already set), else undefined.
   */
  remember(decision: CacheDecision, req: IncomingMessage, status: number, headers: OutgoingHttpHeaders, body: Buffer, setHeader: (name: string, value: string) => void): string | undefined {
    if (decision.kind !== 'miss' || status !== 200 || req.method !== 'GET') return undefined;
    const cc = String(headers['cache-control'] ?? '');
    if (/no-store|private|no-cache/i.test(cc) || headers['set-cookie'] !== undefined) return undefined;
    const varyHeader = String(headers.vary ?? '');
    if (varyHeader.includes('*')) return undefined;
    const vary = varyHeader.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean).sort();
    let ttl = this.ttlMs;
    const age = /(?:s-maxage|max-age)\s*=\s*(\d+)/i.exec(cc);
    if (age) ttl = Math.min(ttl, Number(age[1]) * 1000);
    if (ttl <= 0) return undefined;
    let etag = headers.etag === undefined ? undefined : String(headers.etag);
    if (etag === undefined) {
      etag = bodyEtag(body);
      setHeader('ETag', etag);
    }
    const stored: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) if (value !== undefined && !UNSTORED.has(name)) stored[name] = value;
    stored.etag = etag;
    this.#vary.set(decision.base, vary);
    const key = this.#fullKey(decision.base, req)!;
    this.store.set(key, { status, headers: stored, body, etag, freshUntil: this.clock.now() + ttl, refreshingUntil: 0 }, { ttlMs: ttl + this.graceMs });
    return etag;
  }

  /** Drops every stored response (e.g. after a deploy). */
  clear(): void {
    this.store.clear();
    this.#vary.clear();
  }

  #bypass(): CacheDecision {
    this.#bypasses++;
    return { kind: 'bypass' };
  }

  #refreshDone(decision: CacheDecision): void {
    if (decision.kind === 'miss' && decision.stale) decision.stale.refreshingUntil = 0;
  }

  #fullKey(base: string, req: IncomingMessage): string | undefined {
    const vary = this.#vary.get(base);
    if (vary === undefined) return base;
    let key = base;
    for (const name of vary) {
      const v = req.headers[name];
      key += `\u0000${name}=${Array.isArray(v) ? v.join(',') : (v ?? '')}`;
    }
    return key;
  }

  #serve(req: IncomingMessage, res: ServerResponse, entry: CachedResponse, state: 'HIT' | 'STALE'): void {
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
}

/** Path plus query with parameters sorted, so `?b=1&a=2` and `?a=2&b=1` share an entry. */
export function canonicalUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = url.slice(q + 1).split('&').filter(Boolean).sort();
  return params.length ? `${url.slice(0, q)}?${params.join('&')}` : url.slice(0, q);
}
