/**
 * loadline/testing: what users' own tests need. A clock that moves only when told (`FakeClock`),
 * seeded randomness, synthetic result files, loopback targets (the demo API, a server with a hard
 * rate cap), a loopback server and a plain client for handler tests, and Redis key isolation.
 * Nothing here is loaded by the pillars; import it from tests only.
 *
 * @example
 * import { FakeClock } from 'loadline/testing';
 * const clock = new FakeClock();
 * const cache = new LruCache({ maxEntries: 100, ttlMs: 1000, clock });
 * cache.set('a', 1);
 * clock.advance(1000);
 * cache.get('a'); // undefined: expired without waiting
 */
export { FakeClock, SeededRandom } from '../core/index.js';
export { syntheticResult, type SyntheticResultOptions, type SyntheticEndpoint } from '../report/SyntheticResult.js';
export { startDemoTarget, type DemoTarget, type DemoTargetOptions } from '../demo/DemoTarget.js';
export { startRateCappedServer, type RateCappedServer, type RateCappedServerOptions } from '../load/capacity/RateCappedServer.js';
export { listenOnLoopback, type LoopbackServer } from './loopbackServer.js';
export { sendRequest, type SendRequestOptions, type SentReply } from './sendRequest.js';
export { redisTestPrefix, dropRedisKeys, type RedisKeyClient } from './redisKeys.js';
