import { checkInteger, invalidInput } from '../core/index.js';

/** The request fields key extraction reads; a node:http IncomingMessage (and Express's req) fits. */
export interface KeyedRequest {
  headers: Record<string, string | string[] | undefined>;
  socket: { remoteAddress?: string | undefined };
  url?: string | undefined;
  method?: string | undefined;
}

/**
 * Which proxies may set `X-Forwarded-For`: `false` (default: the header is ignored, the socket
 * address is the client), a hop count (that many proxies in front, e.g. 1 behind one load
 * balancer), a list of proxy addresses, or `true` (trust everything: only behind a proxy that
 * overwrites the header).
 */
export type TrustProxy = boolean | number | readonly string[];

function normalize(ip: string): string {
  const t = ip.trim();
  return t.startsWith('::ffff:') && t.includes('.') ? t.slice(7) : t;
}

/** Validates a `trustProxy` option value. */
export function checkTrustProxy(value: unknown, field = 'trustProxy'): TrustProxy {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return checkInteger(value, field, { min: 0 });
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length > 0)) return value.map(normalize);
  throw invalidInput({ field, value, expected: 'false, true, a hop count, or a list of proxy addresses' });
}

/**
 * The client address of `req` under `trustProxy`. `X-Forwarded-For` is read only when the
 * immediate peer is a trusted proxy.
 *
 * @example
 * clientIp(req, ['10.0.0.5']); // the address 10.0.0.5 forwarded for, else the socket address
 */
export function clientIp(req: KeyedRequest, trustProxy: TrustProxy = false): string {
  const peer = normalize(req.socket.remoteAddress ?? '');
  if (trustProxy === false || trustProxy === 0) return peer;
  const header = req.headers['x-forwarded-for'];
  if (header === undefined) return peer;
  const forwarded = (Array.isArray(header) ? header.join(',') : header).split(',').map(normalize).filter((s) => s.length > 0);
  if (forwarded.length === 0) return peer;
  if (trustProxy === true) return forwarded[0]!;
  const chain = [...forwarded, peer]; // client, proxy1, ..., peer
  if (typeof trustProxy === 'number') return chain[Math.max(0, chain.length - 1 - trustProxy)]!;
  const trusted = trustProxy as readonly string[];
  for (let i = chain.length - 1; i >= 0; i--) {
    if (!trusted.includes(chain[i]!)) return chain[i]!;
  }
  return chain[0]!;
}
