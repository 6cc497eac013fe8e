/** loadline/cache: bounded LRU, single-flight, stale-while-revalidate, tags, Redis tier, HTTP response cache. */
export { LruCache } from './lru/LruCache.js';
export { estimateSize } from './lru/estimateSize.js';
export { registerCacheMetrics } from './cacheMetrics.js';
export type { CacheStats, DisposeReason, GetOptions, GetOrSetOptions, Loader, LoaderContext, LruCacheOptions, SetOptions } from './lru/lruTypes.js';
export { TieredCache } from './tiered/TieredCache.js';
export type { TieredCacheOptions, TieredCacheStats, TieredGetOrSetOptions, TieredL1Options, TieredSetOptions } from './tiered/tieredTypes.js';
export { jsonSerializer, type Serializer } from './tiered/serializer.js';
export { ResponseCache, canonicalUrl } from './http/ResponseCache.js';
export type { CachedResponse, CacheDecision, ResponseCacheOptions } from './http/ResponseCache.js';
export type { TrustProxy } from './http/trustProxy.js';
export type { CookieName } from './http/credentialHeaders.js';
export { responseCacheHttp } from './http/responseCacheHttp.js';
export { responseCacheExpress, type ResponseCacheMiddleware } from './http/responseCacheExpress.js';
export { responseCacheFastify, type FastifyInstanceLike, type ResponseCacheFastifyPlugin } from './http/responseCacheFastify.js';
/** @deprecated since 0.2.0: use responseCacheFastify */
export { fastifyResponseCache } from './http/responseCacheFastify.js';
export { bodyEtag, etagMatches } from './http/etag.js';
export { redisPatternToRegExp } from './tiered/redisPatternToRegExp.js';
