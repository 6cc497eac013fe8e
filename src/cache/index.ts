/** loadline/cache: bounded LRU, single-flight, stale-while-revalidate, tags, Redis tier, HTTP response cache. */
export { LruCache } from './LruCache.js';
export { estimateSize } from './estimateSize.js';
export { registerCacheMetrics } from './cacheMetrics.js';
export type { CacheStats, DisposeReason, GetOptions, GetOrSetOptions, Loader, LoaderContext, LruCacheOptions, SetOptions } from './types.js';
