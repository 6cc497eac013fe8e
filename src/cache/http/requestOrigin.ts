import type { IncomingMessage } from 'node:http';
import { isTrustedPeer, type TrustProxy } from './trustProxy.js';

const NAME = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;
const PORT = /^\d{1,5}$/;

/**
 * A Host value in one spelling: lower case, without a trailing dot, without the scheme's default
 * port. `undefined` when it is not a host name or address with an optional port (`a/b`, `a@b`,
 * `a b`, port 99999): the cache does not guess what an application makes of those.
 *
 * @example
 * normalizeHost('Acme.Example.:80', 'http'); // 'acme.example'
 */
export function normalizeHost(raw: string, scheme: 'http' | 'https'): string | undefined {
  if (raw === '') return '';
  const host = raw.toLowerCase();
  let name = host;
  let port = '';
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && colon > host.lastIndexOf(']')) {
    name = host.slice(0, colon);
    port = host.slice(colon + 1);
    if (!PORT.test(port) || Number(port) > 65535) return undefined;
    port = String(Number(port));
    if (port === (scheme === 'https' ? '443' : '80')) port = '';
  }
  if (name.startsWith('[')) {
    if (!IPV6.test(name)) return undefined;
  } else {
    if (name.endsWith('.')) name = name.slice(0, -1);
    if (!NAME.test(name)) return undefined;
  }
  return port === '' ? name : `${name}:${port}`;
}

/** Headers by which a proxy, or a client posing as one, tells the application which URL was asked for. */
const FORWARDING = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-forwarded-prefix', 'forwarded'] as const;

function single(value: string | string[] | undefined): string | undefined {
  if (value === undefined || Array.isArray(value) || value.includes(',')) return undefined;
  return value.trim();
}

/**
 * The origin part of a cache key: `scheme://host`, plus whatever forwarding headers the request
 * carries; `undefined` when the request must not be cached (a Host or trusted forwarded value that
 * is not a host). The application may build its answer from any of these headers, so every one
 * present is in the key: from a trusted proxy, a single `X-Forwarded-Host` / `X-Forwarded-Proto`
 * is read as the host and scheme (normalized, so spellings share an entry); anything else (an
 * untrusted peer's values, a list of hosts, `Forwarded`, `X-Forwarded-Port`, `-Prefix`) is kept
 * verbatim, so a spoofed value is only ever answered to requests that send the same value.
 */
export function originKey(req: IncomingMessage, trustProxy: TrustProxy): string | undefined {
  const headers = req.headers;
  let scheme: 'http' | 'https' = (req.socket as { encrypted?: boolean } | null)?.encrypted ? 'https' : 'http';
  let forwarded = '';
  let trusted: boolean | undefined;
  let forwardedHost: string | undefined;
  for (const name of FORWARDING) {
    const value = headers[name];
    if (value === undefined) continue;
    trusted ??= isTrustedPeer(req, trustProxy);
    if (trusted && name === 'x-forwarded-proto') {
      const proto = single(value)?.toLowerCase();
      if (proto === 'http' || proto === 'https') {
        scheme = proto;
        continue;
      }
      if (proto !== undefined) return undefined;
    } else if (trusted && name === 'x-forwarded-host') {
      forwardedHost = single(value);
      if (forwardedHost !== undefined) continue;
    }
    forwarded += `\u0001${name}=${Array.isArray(value) ? value.join(',') : value}`;
  }
  const host = normalizeHost(headers.host ?? '', scheme);
  if (host === undefined) return undefined;
  if (forwardedHost !== undefined) {
    const asked = normalizeHost(forwardedHost, scheme);
    if (asked === undefined || asked === '') return undefined;
    return `${scheme}://${asked}\u0001host=${host}${forwarded}`;
  }
  return `${scheme}://${host}${forwarded}`;
}
