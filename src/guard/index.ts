/** loadline/guard: rate limiting, circuit breaker, bulkhead, timeout, retry and bulk processing. */

// Coded errors and the policy contract every guard shares.
export {
  GUARD_ERROR_CODES, abortedError, breakerOpenError, bulkheadFullError, queueTimeoutError, timeoutError,
  isAbortedError, isBreakerOpenError, isBulkheadFullError, isQueueTimeoutError, isTimeoutError,
} from './guardErrors.js';
export { NEVER_ABORTED, NEVER_ABORTED_CONTEXT, contextFor, type Policy, type PolicyContext } from './Policy.js';
export { wrapPolicies } from './wrapPolicies.js';

// Rate limiting (rate/): rules, the limiter, its stores and named profiles.
export { type RateAlgorithm, type RateRuleOptions, type RateRule, parseRateRule } from './rate/RateRule.js';
export type { RateDecision, RateLimitStore } from './rate/RateDecision.js';
export { MemoryRateStore, type MemoryRateStoreOptions } from './rate/MemoryRateStore.js';
export { RedisRateStore, type RedisRateStoreOptions, type RedisScriptClient } from './rate/redis/RedisRateStore.js';
export { RateLimiter, type RateLimiterOptions } from './rate/RateLimiter.js';
export { DEFAULT_RATE_PROFILES, RateProfiles, type RateProfilesOptions } from './rate/RateProfiles.js';

// Rate limiting over HTTP (rate/http/): who the client is, which profile a path gets, the adapters.
export { canonicalIp, clientIp, ipSubnet, type KeyedRequest, type TrustProxy } from './rate/http/clientKey.js';
export { canonicalPath } from './rate/http/RouteTable.js';
export { createRateLimitCheck, type RateLimitCheck, type RateLimitMiddlewareOptions, type RateLimitOutcome, type StandardHeaders } from './rate/http/createRateLimitCheck.js';
export { rateLimitHttp, type RateLimitHttpOptions } from './rate/http/rateLimitHttp.js';
export { rateLimitExpress, type RateLimitExpressOptions, type ExpressLikeRequest, type ExpressLikeResponse } from './rate/http/rateLimitExpress.js';
export { rateLimitFastify, type RateLimitFastifyOptions, type FastifyLikeRequest, type FastifyLikeReply } from './rate/http/rateLimitFastify.js';

// Resilience policies, one folder each.
export { CircuitBreaker, type CircuitBreakerOptions, type FailureRateOptions, type BreakerState, type BreakerStats, type StateChangeListener } from './breaker/CircuitBreaker.js';
export { Bulkhead, type BulkheadOptions } from './bulkhead/Bulkhead.js';
export { TimeoutPolicy, type TimeoutPolicyOptions } from './timeout/TimeoutPolicy.js';
export { RetryPolicy, type RetryPolicyOptions, type RetryContext } from './retry/RetryPolicy.js';

// Bulk processing (bulk/).
export { processBulk, type ProcessBulkOptions, type BulkOutcome, type BulkResult } from './bulk/processBulk.js';
