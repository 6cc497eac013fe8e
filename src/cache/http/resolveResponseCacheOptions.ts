import type { IncomingMessage } from 'node:http';
import { checkFunction, checkKnownKeys, checkOptionalInteger, checkOptionalNumber, invalidInput, systemClock, type Clock, type MetricsSink } from '../../core/index.js';
import { checkCredentialHeaders, checkIgnoreCookies, type CookieName } from './credentialHeaders.js';
import type { ResponseCacheOptions } from './responseCacheTypes.js';
import { checkTrustProxy, type TrustProxy } from './trustProxy.js';

const KNOWN = ['ttlMs', 'graceMs', 'maxBytes', 'maxBodyBytes', 'key', 'credentialHeaders', 'ignoreCookies', 'trustProxy', 'clock', 'metrics', 'name'];

/** `ResponseCacheOptions` checked and with defaults applied. */
export interface ResolvedResponseCacheOptions {
  ttlMs: number;
  graceMs: number;
  maxBytes: number;
  maxBodyBytes: number;
  key: ((req: IncomingMessage) => string | undefined) | undefined;
  /** Built-in credential headers plus the declared ones, lower case. */
  credentialHeaders: readonly string[];
  ignoreCookies: readonly CookieName[];
  trustProxy: TrustProxy;
  clock: Clock;
  metrics: MetricsSink | undefined;
  name: string;
}

/**
 * Validates `new ResponseCache()` options at the boundary, naming the field, the value and what
 * was expected, and fills in the defaults.
 *
 * @example
 * resolveResponseCacheOptions({ credentialHeaders: ['X-Session'] }).credentialHeaders; // ['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'x-session']
 */
export function resolveResponseCacheOptions(options: ResponseCacheOptions): ResolvedResponseCacheOptions {
  if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object' });
  checkKnownKeys(options, KNOWN);
  return {
    ttlMs: checkOptionalNumber(options.ttlMs, 'ttlMs', { above: 0 }) ?? 60_000,
    graceMs: checkOptionalNumber(options.graceMs, 'graceMs', { min: 0 }) ?? 0,
    maxBytes: checkOptionalNumber(options.maxBytes, 'maxBytes', { above: 0 }) ?? 64 << 20,
    maxBodyBytes: checkOptionalInteger(options.maxBodyBytes, 'maxBodyBytes', { min: 0 }) ?? 1 << 20,
    key: options.key === undefined ? undefined : checkFunction(options.key, 'key'),
    credentialHeaders: checkCredentialHeaders(options.credentialHeaders),
    ignoreCookies: checkIgnoreCookies(options.ignoreCookies),
    trustProxy: options.trustProxy === undefined ? false : checkTrustProxy(options.trustProxy),
    clock: options.clock ?? systemClock,
    metrics: options.metrics,
    name: options.name ?? 'http',
  };
}
