import { isIPv4, isIPv6 } from 'node:net';
import { checkInteger, invalidInput } from '../../../core/index.js';

/** The request fields key extraction reads; a node:http IncomingMessage (and Express's req) fits. */
export interface KeyedRequest {
  headers: Record<string, string | string[] | undefined>;
  socket: { remoteAddress?: string | undefined };
  url?: string | undefined;
  /** Express: the URL before mounting stripped a prefix from `url`. */
  originalUrl?: string | undefined;
  method?: string | undefined;
}

/**
 * Which proxies may set `X-Forwarded-For`: `false` (default: the header is ignored, the socket
 * address is the client), a hop count (that many proxies in front, e.g. 1 behind one load
 * balancer), a list of proxy addresses, or `true` (trust everything: only behind a proxy that
 * overwrites the header).
 */
export type TrustProxy = boolean | number | readonly string[];

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Eight 16-bit groups of a valid IPv6 address (no zone), the last two possibly written as dotted IPv4. */
function ipv6Groups(text: string): number[] {
  let body = text;
  const tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  const dotted = DOTTED.exec(body.slice(lastColon + 1));
  if (dotted) {
    tail.push((Number(dotted[1]) << 8) | Number(dotted[2]), (Number(dotted[3]) << 8) | Number(dotted[4]));
    body = body.slice(0, lastColon + 1) + '0'; // placeholder group, dropped below
  }
  const [left, right] = body.split('::') as [string, string | undefined];
  const head = left === '' ? [] : left.split(':').map((g) => parseInt(g, 16));
  const rest = right === undefined ? [] : right === '' ? [] : right.split(':').map((g) => parseInt(g, 16));
  if (dotted) (right === undefined ? head : rest).pop();
  const fill = 8 - tail.length - head.length - rest.length;
  return [...head, ...Array<number>(right === undefined ? 0 : fill).fill(0), ...rest, ...tail];
}

/** RFC 5952 text: lower-case hex without leading zeros, the longest run of two or more zero groups as `::`. */
function formatIpv6(groups: readonly number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/**
 * One spelling per address, so that spellings of one client share a key: IPv4 as a plain dotted
 * quad (also when written IPv4-mapped, `::ffff:1.2.3.4` or `::ffff:102:304`); IPv6 in RFC 5952 form
 * (`2001:DB8:0::0001` is `2001:db8::1`) without its zone; brackets and a port (`[::1]:80`,
 * `1.2.3.4:80`, as some proxies forward) are dropped. Anything else comes back trimmed.
 *
 * @example
 * canonicalIp('::FFFF:10.0.0.1'); // '10.0.0.1'
 */
export function canonicalIp(text: string): string {
  let t = text.trim();
  if (t.startsWith('[')) {
    const end = t.indexOf(']');
    if (end > 0) t = t.slice(1, end);
  } else if (t.indexOf(':') === t.lastIndexOf(':') && t.includes('.')) {
    t = t.replace(/:\d+$/, ''); // IPv4 with a port
  }
  const percent = t.indexOf('%');
  if (percent >= 0) t = t.slice(0, percent);
  const v4 = DOTTED.exec(t);
  if (v4) return isIPv4(t) ? `${Number(v4[1])}.${Number(v4[2])}.${Number(v4[3])}.${Number(v4[4])}` : t;
  if (!isIPv6(t)) return t;
  const g = ipv6Groups(t);
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  }
  return formatIpv6(g);
}

/**
 * The part of a canonical address that identifies one client for rate limiting: an IPv4 address
 * whole; an IPv6 address by its network of `ipv6Subnet` bits (`2001:db8:1:200::/56`), since one
 * subscriber is routinely given a whole /64 or /56; `false` keys each IPv6 address alone.
 */
export function ipSubnet(ip: string, ipv6Subnet: number | false): string {
  if (ipv6Subnet === false || ip.indexOf(':') < 0 || !isIPv6(ip)) return ip;
  const g = ipv6Groups(ip);
  for (let i = 0; i < 8; i++) {
    const keep = Math.min(16, Math.max(0, ipv6Subnet - i * 16));
    g[i] = keep === 0 ? 0 : g[i]! & ((0xffff << (16 - keep)) & 0xffff);
  }
  return `${formatIpv6(g)}/${ipv6Subnet}`;
}

/** Validates an `ipv6Subnet` option value. */
export function checkIpv6Subnet(value: unknown, field = 'ipv6Subnet'): number | false {
  if (value === false) return false;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 128) {
    throw invalidInput({ field, value, expected: 'an integer from 1 to 128, or false' });
  }
  return value;
}

/** Validates a `trustProxy` option value. */
export function checkTrustProxy(value: unknown, field = 'trustProxy'): TrustProxy {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return checkInteger(value, field, { min: 0 });
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length > 0)) return value.map(canonicalIp);
  throw invalidInput({ field, value, expected: 'false, true, a hop count, or a list of proxy addresses' });
}

/**
 * The client address of `req` under `trustProxy`, in canonical form (`canonicalIp`).
 * `X-Forwarded-For` is read only when the immediate peer is a trusted proxy.
 *
 * @example
 * clientIp(req, ['10.0.0.5']); // the address 10.0.0.5 forwarded for, else the socket address
 */
export function clientIp(req: KeyedRequest, trustProxy: TrustProxy = false): string {
  const peer = canonicalIp(req.socket.remoteAddress ?? '');
  if (trustProxy === false || trustProxy === 0) return peer;
  const header = req.headers['x-forwarded-for'];
  if (header === undefined) return peer;
  const forwarded = (Array.isArray(header) ? header.join(',') : header).split(',').map(canonicalIp).filter((s) => s.length > 0);
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
