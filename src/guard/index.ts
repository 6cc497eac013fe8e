/** loadline/guard: rate limiting, circuit breaker, bulkhead, timeout, retry and bulk processing. */
export * from './guardErrors.js';
export * from './Policy.js';
export { type RateAlgorithm, type RateRuleOptions, type RateRule, parseRateRule } from './RateRule.js';
export type { RateDecision, RateLimitStore } from './RateDecision.js';
export { MemoryRateStore, type MemoryRateStoreOptions } from './MemoryRateStore.js';
export { RedisRateStore, type RedisRateStoreOptions, type RedisScriptClient } from './RedisRateStore.js';
export { RateLimiter, type RateLimiterOptions } from './RateLimiter.js';
export { DEFAULT_RATE_PROFILES, RateProfiles, type RateProfilesOptions } from './rateProfiles.js';
export { canonicalIp, clientIp, ipSubnet, type KeyedRequest, type TrustProxy } from './clientKey.js';
export { canonicalPath } from './routeTable.js';
export { createRateLimitCheck, type RateLimitCheck, type RateLimitMiddlewareOptions, type RateLimitOutcome, type StandardHeaders } from './rateLimitMiddleware.js';
export {
  rateLimitHttp, rateLimitExpress, rateLimitFastify,
  type RateLimitHttpOptions, type RateLimitExpressOptions, type RateLimitFastifyOptions,
  type ExpressLikeRequest, type ExpressLikeResponse, type FastifyLikeRequest, type FastifyLikeReply,
} from './rateLimitAdapters.js';
export { CircuitBreaker, type CircuitBreakerOptions, type FailureRateOptions, type BreakerState, type BreakerStats, type StateChangeListener } from './CircuitBreaker.js';
export { Bulkhead, type BulkheadOptions } from './Bulkhead.js';
export { TimeoutPolicy, type TimeoutPolicyOptions } from './TimeoutPolicy.js';
export { RetryPolicy, type RetryPolicyOptions, type RetryContext } from './RetryPolicy.js';
export { wrapPolicies } from './wrapPolicies.js';
export { processBulk, type ProcessBulkOptions, type BulkOutcome, type BulkResult } from './processBulk.js';
