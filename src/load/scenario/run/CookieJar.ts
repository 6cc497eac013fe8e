import { systemClock, type Clock } from '../../../core/index.js';

/** Where a request went, as the cookie rules need it. */
export interface CookieUrl {
  /** Host name without port, e.g. `api.example.com`. */
  host: string;
  /** Request path; a query string is ignored. */
  path: string;
  /** https: only then are `Secure` cookies sent. Default false. */
  secure?: boolean;
}

interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  /** Wall-clock ms; Infinity for session cookies. */
  expiresAt: number;
  secure: boolean;
}

function defaultPath(requestPath: string): string {
  const q = requestPath.indexOf('?');
  const p = q === -1 ? requestPath : requestPath.slice(0, q);
  if (!p.startsWith('/')) return '/';
  const last = p.lastIndexOf('/');
  return last <= 0 ? '/' : p.slice(0, last);
}

function domainMatches(host: string, domain: string): boolean {
  return host === domain || (host.endsWith(`.${domain}`) && !/^[\d.]+$/.test(host));
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** A `Set-Cookie` line read for one request URL; `name` is '' when the cookie is rejected. */
interface ParsedSetCookie {
  header: string;
  host: string;
  urlPath: string;
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  /** `Max-Age` wins over `Expires` (RFC 6265 5.3). */
  maxAgeSeconds: number | undefined;
  /** From `Expires`, wall-clock ms; Infinity for a session cookie. */
  expires: number;
  secure: boolean;
}

function parseSetCookie(header: string, url: CookieUrl): ParsedSetCookie {
  const host = url.host.toLowerCase();
  const out: ParsedSetCookie = { header, host: url.host, urlPath: url.path, name: '', value: '', domain: host, hostOnly: true, path: defaultPath(url.path), maxAgeSeconds: undefined, expires: Infinity, secure: false };
  const parts = header.split(';');
  const pair = parts[0]!;
  const eq = pair.indexOf('=');
  if (eq <= 0) return out;
  const name = pair.slice(0, eq).trim();
  if (!name) return out;
  for (let i = 1; i < parts.length; i++) {
    const attr = parts[i]!;
    const aeq = attr.indexOf('=');
    const key = (aeq === -1 ? attr : attr.slice(0, aeq)).trim().toLowerCase();
    const val = aeq === -1 ? '' : attr.slice(aeq + 1).trim();
    if (key === 'domain' && val) {
      const d = val.replace(/^\./, '').toLowerCase();
      if (!domainMatches(host, d)) return out;
      out.domain = d;
      out.hostOnly = false;
    } else if (key === 'path') {
      out.path = val.startsWith('/') ? val : defaultPath(url.path);
    } else if (key === 'max-age' && /^-?\d+$/.test(val)) {
      out.maxAgeSeconds = Number(val);
    } else if (key === 'expires') {
      const at = Date.parse(val);
      if (!Number.isNaN(at)) out.expires = at;
    } else if (key === 'secure') out.secure = true;
  }
  out.name = name;
  out.value = pair.slice(eq + 1).trim();
  return out;
}

/**
 * One VU's cookies, as a browser keeps them (RFC 6265): `Set-Cookie` parsed with `Domain`, `Path`,
 * `Expires`, `Max-Age` and `Secure`; sent back to matching hosts and paths until they expire.
 *
 * @example
 * const jar = new CookieJar();
 * jar.setCookies(response.headers['set-cookie'], { host: '127.0.0.1', path: '/login' });
 * jar.header({ host: '127.0.0.1', path: '/me' }); // 'sid=abc'
 */
export class CookieJar {
  #cookies: StoredCookie[] = [];
  readonly #clock: Clock;
  // The last header computed, reused while the jar, the URL and the clock allow (most requests).
  #version = 0;
  // Headers by request path (query stripped) for one host and scheme, valid for one jar version
  // until the first stored cookie expires: a journey alternates a few paths, each a hit.
  readonly #byPath = new Map<string, string | undefined>();
  #cacheVersion = -1;
  #cacheHost = '';
  #cacheSecure = false;
  #cacheValidUntil = 0;
  #lastParsed: ParsedSetCookie | undefined;

  /** @param clock wall-clock source for expiry; default the system clock. */
  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  /** Cookies currently stored, expired ones included until the next read. */
  get size(): number {
    return this.#cookies.length;
  }

  clear(): void {
    this.#cookies = [];
    this.#version++;
  }

  /** Stores every `Set-Cookie` header of a response to `url`; malformed or foreign-domain cookies are ignored. */
  setCookies(headers: string | readonly string[] | undefined, url: CookieUrl): void {
    if (headers === undefined) return;
    if (typeof headers === 'string') this.#set(headers, url);
    else for (const h of headers) this.#set(h, url);
  }

  #set(header: string, url: CookieUrl): void {
    let parsed = this.#lastParsed;
    // A journey logs in again and again and gets the same Set-Cookie back: parse it once.
    if (parsed === undefined || parsed.header !== header || parsed.host !== url.host || parsed.urlPath !== url.path) {
      parsed = parseSetCookie(header, url);
      this.#lastParsed = parsed;
    }
    if (parsed.name === '') return;
    const { name, value, domain, hostOnly, path, secure } = parsed;
    // A session cookie (no Max-Age, no Expires) needs no clock.
    const now = parsed.maxAgeSeconds === undefined && parsed.expires === Infinity ? 0 : this.#clock.wallNow();
    const expiresAt = parsed.maxAgeSeconds !== undefined ? (parsed.maxAgeSeconds <= 0 ? -Infinity : now + parsed.maxAgeSeconds * 1000) : parsed.expires;
    const existing = this.#cookies.findIndex((c) => c.name === name && c.domain === domain && c.path === path);
    if (existing !== -1) {
      const c = this.#cookies[existing]!;
      // A login that sets the same session cookie again changes nothing.
      if (expiresAt > now && c.value === value && c.expiresAt === expiresAt && c.secure === secure && c.hostOnly === hostOnly) return;
      this.#cookies.splice(existing, 1);
    }
    if (expiresAt > now) this.#cookies.push({ name, value, domain, hostOnly, path, expiresAt, secure });
    this.#version++;
  }

  /** The `Cookie` header for a request to `url`, longest paths first; undefined when none applies. */
  header(url: CookieUrl): string | undefined {
    if (this.#cookies.length === 0) return undefined;
    // Session cookies never expire: then the clock is not read at all (most journeys).
    const now = this.#cacheVersion === this.#version && this.#cacheValidUntil === Infinity ? 0 : this.#clock.wallNow();
    const secureUrl = url.secure === true;
    if (this.#cacheVersion !== this.#version || now >= this.#cacheValidUntil || this.#cacheHost !== url.host || this.#cacheSecure !== secureUrl) {
      this.#byPath.clear();
      let validUntil = Infinity;
      for (const cookie of this.#cookies) if (cookie.expiresAt < validUntil) validUntil = cookie.expiresAt;
      this.#cacheVersion = this.#version;
      this.#cacheHost = url.host;
      this.#cacheSecure = secureUrl;
      this.#cacheValidUntil = validUntil;
    }
    const q = url.path.indexOf('?');
    const key = q === -1 ? url.path : url.path.slice(0, q);
    const hit = this.#byPath.get(key);
    if (hit !== undefined || this.#byPath.has(key)) return hit;
    const value = this.#compute(url, now);
    // #compute may drop expired cookies (a new version): then nothing is cached for this one.
    if (this.#cacheVersion === this.#version && this.#byPath.size < 64) this.#byPath.set(key, value);
    return value;
  }

  #compute(url: CookieUrl, now: number): string | undefined {
    const host = url.host.toLowerCase();
    const q = url.path.indexOf('?');
    const path = q === -1 ? url.path : url.path.slice(0, q);
    let matched: StoredCookie[] | undefined;
    let expired = false;
    for (const c of this.#cookies) {
      if (c.expiresAt <= now) {
        expired = true;
        continue;
      }
      if (c.secure && !url.secure) continue;
      if (c.hostOnly ? host !== c.domain : !domainMatches(host, c.domain)) continue;
      if (!pathMatches(path, c.path)) continue;
      (matched ??= []).push(c);
    }
    if (expired) {
      this.#cookies = this.#cookies.filter((c) => c.expiresAt > now);
      this.#version++;
    }
    if (!matched) return undefined;
    if (matched.length > 1) matched.sort((a, b) => b.path.length - a.path.length);
    let out = '';
    for (const c of matched) out += out ? `; ${c.name}=${c.value}` : `${c.name}=${c.value}`;
    return out;
  }
}
