import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Clock } from '../../core/index.js';
import type { BearerToken } from './BearerToken.js';

/** Name of the dashboard's session cookie. */
export const SESSION_COOKIE = 'loadline_session';

const COOKIE = /(?:^|;\s*)loadline_session=([0-9]+)\.([\w-]{43})(?:;|$)/;

/** What a presented session cookie is worth. */
export type SessionCheck = 'none' | 'invalid' | 'valid' | 'renew';

/**
 * The dashboard's short-lived session: the token, presented once (a login form or a bearer
 * header), is exchanged for a cookie, so the browser never carries the token in a URL and the page's
 * EventSource (which cannot send headers) still authenticates. The cookie holds only its expiry and
 * an HMAC of it under a key derived from the token: nothing to store, the same in every process
 * sharing the token (node:cluster workers), and worthless once the token changes.
 *
 * It is `HttpOnly` (page scripts never read it), `SameSite=Strict` (no cross-site request carries
 * it) and its `Path` is the dashboard's own (`<mount>/loadline`), so it reaches only the page, its
 * stream and its health poll: `/metrics`, the JSON APIs and the heap snapshot still need the bearer
 * token. The health poll renews it past half its life, so an open dashboard stays signed in.
 */
export class DashboardSession {
  readonly #key: Buffer;
  readonly #clock: Clock;
  readonly ttlMs: number;

  constructor(token: BearerToken, clock: Clock, ttlMs: number) {
    this.#key = token.deriveKey('loadline dashboard session v1');
    this.#clock = clock;
    this.ttlMs = ttlMs;
  }

  check(req: IncomingMessage): SessionCheck {
    const header = req.headers.cookie;
    if (typeof header !== 'string') return 'none';
    const m = COOKIE.exec(header);
    if (m === null) return header.includes(`${SESSION_COOKIE}=`) ? 'invalid' : 'none';
    const expires = Number(m[1]);
    // Compared as text: base64url's last character carries two spare bits, so decoding would
    // accept four spellings of one signature.
    const presented = Buffer.from(m[2]!, 'latin1');
    const expected = Buffer.from(this.#sign(m[1]!).toString('base64url'), 'latin1');
    if (!timingSafeEqual(presented, expected)) return 'invalid';
    const left = expires - this.#clock.wallNow();
    if (left <= 0 || left > this.ttlMs) return 'invalid';
    return left < this.ttlMs / 2 ? 'renew' : 'valid';
  }

  /** The `Set-Cookie` value of a fresh session, scoped to `path`; `Secure` when the request came over TLS. */
  cookie(req: IncomingMessage, path: string): string {
    const expires = String(Math.floor(this.#clock.wallNow() + this.ttlMs));
    const value = `${expires}.${this.#sign(expires).toString('base64url')}`;
    const secure = (req.socket as { encrypted?: boolean }).encrypted === true || req.headers['x-forwarded-proto'] === 'https';
    return `${SESSION_COOKIE}=${value}; Path=${path}; Max-Age=${Math.floor(this.ttlMs / 1000)}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  }

  #sign(expires: string): Buffer {
    return createHmac('sha256', this.#key).update(expires).digest();
  }
}
