import { checkFunction, checkKnownKeys, invalidInput } from '../core/index.js';
import { checkTrustProxy, clientIp, type KeyedRequest, type TrustProxy } from './clientKey.js';
import type { RateDecision } from './RateDecision.js';
import { RateLimiter } from './RateLimiter.js';
import { RateProfiles } from './rateProfiles.js';

export interface RateLimitMiddlewareOptions<Req extends KeyedRequest = KeyedRequest> {
  /** The limiter for every request; or give `profiles` (default: the seed profiles in memory). */
  limiter?: RateLimiter;
  /** Named profiles; requests use `profileFor`/`routes` to pick one; default `new RateProfiles()`. */
  profiles?: RateProfiles;
  /** Path prefix -> profile name; the longest matching prefix wins, else "general"; default none. */
  routes?: Record<string, string>;
  /** Picks the profile per request (overrides `routes`); return undefined to skip limiting. */
  profileFor?: (req: Req) => string | undefined;
  /** What a client is: "ip" (default), "user" (`userId(req)`, falling back to the IP), or a function returning the key. */
  keyBy?: 'ip' | 'user' | ((req: Req) => string | undefined | Promise<string | undefined>);
  /** Reads the user id for `keyBy: "user"`; default `req.user?.id`. */
  userId?: (req: Req) => string | number | undefined;
  /** Who may set X-Forwarded-For (see TrustProxy); default false: the header is ignored. */
  trustProxy?: TrustProxy;
  /** Body of the 429 response; default `{"error":"rate limit exceeded","retryAfterSeconds":N}`. */
  message?: (decision: RateDecision) => string;
}

/** A decision with the headers it implies. */
export interface RateLimitOutcome {
  decision: RateDecision;
  /** Header name -> value: RateLimit-* always, Retry-After when limited. */
  headers: Record<string, string>;
  /** The 429 body when limited. */
  body: string;
}

const KNOWN = ['limiter', 'profiles', 'routes', 'profileFor', 'keyBy', 'userId', 'trustProxy', 'message'];

/**
 * Framework-neutral core of the rate-limit middleware: picks the limiter and the key for a
 * request, consumes, and returns the headers and body to send. The node:http, Express and Fastify
 * adapters are thin layers over it.
 *
 * @example
 * const check = createRateLimitCheck({ keyBy: (req) => req.headers['x-api-key'] as string | undefined });
 * const outcome = await check(req); // undefined: not limited; else { decision, headers, body }
 */
export function createRateLimitCheck<Req extends KeyedRequest>(options: RateLimitMiddlewareOptions<Req> = {}): (req: Req) => Promise<RateLimitOutcome | undefined> {
  checkKnownKeys(options, KNOWN);
  if (options.limiter !== undefined && !(options.limiter instanceof RateLimiter)) throw invalidInput({ field: 'limiter', value: options.limiter, expected: 'a RateLimiter' });
  if (options.profiles !== undefined && !(options.profiles instanceof RateProfiles)) throw invalidInput({ field: 'profiles', value: options.profiles, expected: 'a RateProfiles' });
  const trustProxy = options.trustProxy === undefined ? false : checkTrustProxy(options.trustProxy);
  const keyBy = options.keyBy ?? 'ip';
  if (keyBy !== 'ip' && keyBy !== 'user' && typeof keyBy !== 'function') throw invalidInput({ field: 'keyBy', value: keyBy, expected: '"ip", "user" or a function' });
  const userId = options.userId === undefined ? (req: Req) => (req as unknown as { user?: { id?: string | number } }).user?.id : checkFunction<(req: Req) => string | number | undefined>(options.userId, 'userId');
  const message = options.message === undefined ? undefined : checkFunction<(d: RateDecision) => string>(options.message, 'message');
  const profiles = options.limiter ? undefined : (options.profiles ?? new RateProfiles());
  const routes = Object.entries(options.routes ?? {}).sort((a, b) => b[0].length - a[0].length);
  for (const [prefix, name] of routes) {
    if (!profiles) throw invalidInput({ field: 'routes', value: options.routes, expected: 'no routes when a single limiter is given' });
    try {
      profiles.get(name);
    } catch {
      throw invalidInput({ field: `routes[${JSON.stringify(prefix)}]`, value: name, expected: `a profile name: one of ${profiles.names.join(', ')}` });
    }
  }
  const profileFor = options.profileFor === undefined ? undefined : checkFunction<(req: Req) => string | undefined>(options.profileFor, 'profileFor');

  const pick = (req: Req): RateLimiter | undefined => {
    if (options.limiter) return options.limiter;
    if (profileFor) {
      const name = profileFor(req);
      return name === undefined ? undefined : profiles!.get(name);
    }
    const path = req.url ?? '/';
    for (const [prefix, name] of routes) if (path.startsWith(prefix)) return profiles!.get(name);
    return profiles!.get('general');
  };

  return async (req) => {
    const limiter = pick(req);
    if (!limiter) return undefined;
    let key: string | undefined;
    if (keyBy === 'ip') key = `ip:${clientIp(req, trustProxy)}`;
    else if (keyBy === 'user') {
      const id = userId(req);
      key = id === undefined || id === null || id === '' ? `ip:${clientIp(req, trustProxy)}` : `user:${id}`;
    } else {
      key = await keyBy(req);
      if (key === undefined) return undefined;
    }
    const decision = await limiter.consume(key);
    const headers: Record<string, string> = {
      'RateLimit-Limit': String(decision.limit),
      'RateLimit-Remaining': String(decision.remaining),
      'RateLimit-Reset': String(Math.ceil(decision.resetMs / 1000)),
      'RateLimit-Policy': `${limiter.rule.limit};w=${Math.ceil(limiter.rule.windowMs / 1000)}`,
    };
    let body = '';
    if (!decision.allowed) {
      const seconds = Number.isFinite(decision.retryAfterMs) ? Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) : Math.ceil(limiter.rule.windowMs / 1000);
      headers['Retry-After'] = String(seconds);
      body = message ? message(decision) : JSON.stringify({ error: 'rate limit exceeded', retryAfterSeconds: seconds });
    }
    return { decision, headers, body };
  };
}
