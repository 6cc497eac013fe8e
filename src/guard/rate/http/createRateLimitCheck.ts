import { checkFunction, checkKnownKeys, checkOneOf, invalidInput } from '../../../core/index.js';
import { checkIpv6Subnet, checkTrustProxy, clientIp, ipSubnet, type KeyedRequest, type TrustProxy } from './clientKey.js';
import type { RateDecision } from '../RateDecision.js';
import { RateLimiter } from '../RateLimiter.js';
import { RateProfiles } from '../RateProfiles.js';
import { RouteTable } from './RouteTable.js';

/** Which RateLimit header fields are sent: today's (draft 6) or the IETF draft's current pair. */
export type StandardHeaders = 'draft-6' | 'draft-8';

export interface RateLimitMiddlewareOptions<Req extends KeyedRequest = KeyedRequest> {
  /** The limiter for every request; or give `profiles` (default: the seed profiles in memory). */
  limiter?: RateLimiter;
  /** Named profiles; requests use `profileFor`/`routes` to pick one; default `new RateProfiles()`. */
  profiles?: RateProfiles;
  /**
   * Path prefix -> profile name, matched on the full original URL (mount prefix included) in its
   * canonical form (see `canonicalPath`), on segment boundaries; the longest matching prefix wins,
   * else "general"; default none.
   */
  routes?: Record<string, string>;
  /** Where the middleware is mounted (Express `app.use(path, ...)`, a Fastify plugin prefix); route entries that cannot match there are rejected at construction; default "/". */
  mountPath?: string | readonly string[];
  /** Match routes case-sensitively (only if the app's router does: Express and most others do not); default false. */
  caseSensitive?: boolean;
  /** Picks the profile per request (overrides `routes`); return undefined to skip limiting. */
  profileFor?: (req: Req) => string | undefined;
  /** What a client is: "ip" (default), "user" (`userId(req)`, falling back to the IP), or a function returning the key. */
  keyBy?: 'ip' | 'user' | ((req: Req) => string | undefined | Promise<string | undefined>);
  /** Reads the user id for `keyBy: "user"`; default `req.user?.id`. */
  userId?: (req: Req) => string | number | undefined;
  /** Who may set X-Forwarded-For (see TrustProxy); default false: the header is ignored. */
  trustProxy?: TrustProxy;
  /** IPv6 clients are keyed by their network of this many bits (one subscriber holds a /64 or more); `false`: each address; default 56. */
  ipv6Subnet?: number | false;
  /** Requests for which it returns true are not limited and get no headers (health checks, allowlists); default none. */
  skip?: (req: Req) => boolean | Promise<boolean>;
  /** Count only failed requests (the grant is given back when the response succeeds): login brute force; default false. */
  skipSuccessfulRequests?: boolean;
  /** Body of the 429 response; default `{"error":"rate limit exceeded","retryAfterSeconds":N}`. */
  message?: (decision: RateDecision) => string;
  /** "draft-6" (default): RateLimit-Limit, -Remaining, -Reset and RateLimit-Policy `100;w=60`; "draft-8": RateLimit-Policy `"name";q=100;w=60` and RateLimit `"name";r=99;t=60` (draft-ietf-httpapi-ratelimit-headers). */
  standardHeaders?: StandardHeaders;
}

/** A decision with the headers it implies. */
export interface RateLimitOutcome {
  decision: RateDecision;
  /** Header name -> value: the RateLimit fields always, Retry-After when limited. */
  headers: Record<string, string>;
  /** The 429 body when limited. */
  body: string;
  /** The limiter that decided, and the key it decided for (to `refund` the grant). */
  limiter: RateLimiter;
  key: string;
}

/** A check: the outcome for a request (undefined: not limited); `mount` is the prefix the framework mounted the middleware at, if any. */
export type RateLimitCheck<Req> = (req: Req, mount?: string) => Promise<RateLimitOutcome | undefined>;

const KNOWN = [
  'limiter', 'profiles', 'routes', 'mountPath', 'caseSensitive', 'profileFor', 'keyBy', 'userId', 'trustProxy', 'ipv6Subnet',
  'skip', 'skipSuccessfulRequests', 'message', 'standardHeaders',
];

/** A policy name as an HTTP structured-field string (printable ASCII, `"` and `\` escaped). */
function sfString(name: string): string {
  return `"${name.replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '\\$&')}"`;
}

/**
 * Framework-neutral core of the rate-limit middleware: picks the limiter and the key for a
 * request, consumes, and returns the headers and body to send. The node:http, Express and Fastify
 * adapters are thin layers over it.
 *
 * @example
 * const check = createRateLimitCheck({ keyBy: (req) => req.headers['x-api-key'] as string | undefined });
 * const outcome = await check(req); // undefined: not limited; else { decision, headers, body, limiter, key }
 */
export function createRateLimitCheck<Req extends KeyedRequest>(options: RateLimitMiddlewareOptions<Req> = {}): RateLimitCheck<Req> {
  checkKnownKeys(options, KNOWN);
  if (options.limiter !== undefined && !(options.limiter instanceof RateLimiter)) throw invalidInput({ field: 'limiter', value: options.limiter, expected: 'a RateLimiter' });
  if (options.profiles !== undefined && !(options.profiles instanceof RateProfiles)) throw invalidInput({ field: 'profiles', value: options.profiles, expected: 'a RateProfiles' });
  const trustProxy = options.trustProxy === undefined ? false : checkTrustProxy(options.trustProxy);
  const ipv6Subnet = options.ipv6Subnet === undefined ? 56 : checkIpv6Subnet(options.ipv6Subnet);
  const keyBy = options.keyBy ?? 'ip';
  if (keyBy !== 'ip' && keyBy !== 'user' && typeof keyBy !== 'function') throw invalidInput({ field: 'keyBy', value: keyBy, expected: '"ip", "user" or a function' });
  const userId = options.userId === undefined ? (req: Req) => (req as unknown as { user?: { id?: string | number } }).user?.id : checkFunction<(req: Req) => string | number | undefined>(options.userId, 'userId');
  const message = options.message === undefined ? undefined : checkFunction<(d: RateDecision) => string>(options.message, 'message');
  const skip = options.skip === undefined ? undefined : checkFunction<(req: Req) => boolean | Promise<boolean>>(options.skip, 'skip');
  const draft8 = (options.standardHeaders === undefined ? 'draft-6' : checkOneOf<StandardHeaders>(options.standardHeaders, 'standardHeaders', ['draft-6', 'draft-8'])) === 'draft-8';
  for (const flag of ['caseSensitive', 'skipSuccessfulRequests'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') throw invalidInput({ field: flag, value: options[flag], expected: 'true or false' });
  }
  const profiles = options.limiter ? undefined : (options.profiles ?? new RateProfiles());
  if (options.routes !== undefined && (typeof options.routes !== 'object' || options.routes === null)) throw invalidInput({ field: 'routes', value: options.routes, expected: 'an object of path prefix -> profile name' });
  const routes = new RouteTable(options.routes ?? {}, options.caseSensitive === true, options.mountPath);
  if (routes.size > 0 && !profiles) throw invalidInput({ field: 'routes', value: options.routes, expected: 'no routes when a single limiter is given' });
  for (const [prefix, name] of Object.entries(options.routes ?? {})) {
    try {
      profiles!.get(name);
    } catch {
      throw invalidInput({ field: `routes[${JSON.stringify(prefix)}]`, value: name, expected: `a profile name: one of ${profiles!.names.join(', ')}` });
    }
  }
  if (options.skipSuccessfulRequests === true) {
    const store = options.limiter ? options.limiter.store : profiles!.store;
    if (typeof store.refund !== 'function') throw invalidInput({ field: 'skipSuccessfulRequests', value: true, expected: 'a store with refund() (MemoryRateStore and RedisRateStore have it)' });
  }
  const profileFor = options.profileFor === undefined ? undefined : checkFunction<(req: Req) => string | undefined>(options.profileFor, 'profileFor');

  const pick = (req: Req): RateLimiter | undefined => {
    if (options.limiter) return options.limiter;
    if (profileFor) {
      const name = profileFor(req);
      return name === undefined ? undefined : profiles!.get(name);
    }
    if (routes.size > 0) {
      const name = routes.match(req.originalUrl ?? req.url ?? '/');
      if (name !== undefined) return profiles!.get(name);
    }
    return profiles!.get('general');
  };

  // The policy field and name are the same on every response of a limiter: built once per limiter.
  const policies = new Map<RateLimiter, [policy: string, name: string]>();
  const policyOf = (limiter: RateLimiter): [string, string] => {
    let policy = policies.get(limiter);
    if (policy === undefined) {
      const w = Math.ceil(limiter.rule.windowMs / 1000);
      const name = sfString(limiter.name);
      policy = [draft8 ? `${name};q=${limiter.rule.limit};w=${w}` : `${limiter.rule.limit};w=${w}`, name];
      policies.set(limiter, policy);
    }
    return policy;
  };
  const ipKey = (req: Req) => `ip:${ipSubnet(clientIp(req, trustProxy), ipv6Subnet)}`;

  return async (req, mount) => {
    if (mount !== undefined) routes.checkMount(mount);
    if (skip && (await skip(req))) return undefined;
    const limiter = pick(req);
    if (!limiter) return undefined;
    let key: string | undefined;
    if (keyBy === 'ip') key = ipKey(req);
    else if (keyBy === 'user') {
      const id = userId(req);
      key = id === undefined || id === null || id === '' ? ipKey(req) : `user:${id}`;
    } else {
      key = await keyBy(req);
      if (key === undefined) return undefined;
    }
    const decision = await limiter.consume(key);
    const resetSeconds = String(Math.ceil(decision.resetMs / 1000));
    const [policy, name] = policyOf(limiter);
    const headers: Record<string, string> = draft8
      ? { 'RateLimit-Policy': policy, RateLimit: `${name};r=${decision.remaining};t=${resetSeconds}` }
      : { 'RateLimit-Limit': String(decision.limit), 'RateLimit-Remaining': String(decision.remaining), 'RateLimit-Reset': resetSeconds, 'RateLimit-Policy': policy };
    let body = '';
    if (!decision.allowed) {
      const seconds = Number.isFinite(decision.retryAfterMs) ? Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) : Math.ceil(limiter.rule.windowMs / 1000);
      headers['Retry-After'] = String(seconds);
      body = message ? message(decision) : JSON.stringify({ error: 'rate limit exceeded', retryAfterSeconds: seconds });
    }
    return { decision, headers, body, limiter, key };
  };
}
