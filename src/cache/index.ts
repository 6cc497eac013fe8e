/** loadline/cache: bounded LRU, single-flight, stale-while-revalidate, tags, Redis tier, HTTP response cache. */
export { LruCache } from './LruCache.js';
export { estimateSize } from './estimateSize.js';
export { registerCacheMetrics } from './cacheMetrics.js';
export type { CacheStats, DisposeReason, GetOptions, GetOrSetOptions, Loader, LoaderContext, LruCacheOptions, SetOptions } from './types.js';
export { TieredCache } from './TieredCache.js';
export type { TieredCacheOptions, TieredCacheStats, TieredGetOrSetOptions, TieredL1Options, TieredSetOptions } from './tieredTypes.js';
export { jsonSerializer, type Serializer } from './serializer.js';
export { ResponseCache, canonicalUrl } from './ResponseCache.js';
export type { CachedResponse, CacheDecision, ResponseCacheOptions } from './ResponseCache.js';
export type { TrustProxy } from './trustProxy.js';
export type { CookieName } from './credentialHeaders.js';
export { fastifyResponseCache, type FastifyInstanceLike } from './fastifyResponseCache.js';
export { bodyEtag, etagMatches } from './etag.js';
export { redisPatternToRegExp } from './redisPatternToRegExp.js';
