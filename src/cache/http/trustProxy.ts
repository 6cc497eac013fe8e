import type { IncomingMessage } from 'node:http';
import { checkInteger, invalidInput } from '../../core/index.js';

/**
 * Which peers are proxies whose forwarded headers (`X-Forwarded-Host`, `X-Forwarded-Proto`,
 * `Forwarded`) name the URL the client asked for: `false` (default: none), a hop count (that many
 * proxies in front; the immediate peer is one of them), a list of proxy addresses, or `true`
 * (every peer: only behind a proxy that overwrites those headers). The same values and meaning
 * as the rate limiter's `trustProxy` in loadline/guard.
 */
export type TrustProxy = boolean | number | readonly string[];

function normalizeAddress(ip: string): string {
  const t = ip.trim();
  return t.startsWith('::ffff:') && t.includes('.') ? t.slice(7) : t;
}

/** Validates a `trustProxy` option value (addresses normalized: `::ffff:10.0.0.1` is `10.0.0.1`). */
export function checkTrustProxy(value: unknown, field = 'trustProxy'): TrustProxy {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return checkInteger(value, field, { min: 0 });
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length > 0)) return value.map(normalizeAddress);
  throw invalidInput({ field, value, expected: 'false, true, a hop count, or a list of proxy addresses' });
}

/** Whether the peer `req` came from is a trusted proxy under `trustProxy`. */
export function isTrustedPeer(req: IncomingMessage, trustProxy: TrustProxy): boolean {
  if (typeof trustProxy === 'boolean') return trustProxy;
  if (typeof trustProxy === 'number') return trustProxy > 0;
  return trustProxy.includes(normalizeAddress(req.socket?.remoteAddress ?? ''));
}
