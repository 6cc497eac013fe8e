import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoadlineError } from '../../core/index.js';

/** Shortest token the monitor accepts: 16 characters (96 bits of base64), beyond guessing over HTTP. */
export const MIN_TOKEN_LENGTH = 16;

// Visible ASCII only: the token travels in an Authorization header, and a space or a non-ASCII
// character there is either split off or mangled, so such a token could never match.
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

// Scheme names are case-insensitive (RFC 9110 section 11.1).
const BEARER = /^bearer +/i;

/**
 * A shared secret checked in constant time. Both sides are hashed first so the comparison takes
 * the same time whatever the presented token's length or content. The token is read from the
 * `Authorization: Bearer …` header only: a token in a URL ends up in access logs, browser
 * history and Referer headers (the dashboard exchanges it for a session cookie instead).
 *
 * @example
 * const token = BearerToken.from(process.env.LOADLINE_TOKEN, 'token');
 * token?.allows(req); // Authorization: Bearer <token>
 */
export class BearerToken {
  readonly #digest: Buffer;
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
    this.#digest = createHash('sha256').update(secret).digest();
  }

  /**
   * The token of a monitor: undefined when none is given, a start-up error when it is empty, too
   * short or not sendable in a header (an empty `LOADLINE_TOKEN` must never leave the monitor open).
   * The error names the field and the token's length, never the token.
   */
  static from(value: unknown, field: string): BearerToken | undefined {
    if (value === undefined) return undefined;
    const expected = `at least ${MIN_TOKEN_LENGTH} characters, visible ASCII without spaces (generate one with: openssl rand -base64 24); unset it to run without a token`;
    let got: string | undefined;
    if (typeof value !== 'string') got = `a ${typeof value}`;
    else if (value.length === 0) got = 'an empty string';
    else if (value.length < MIN_TOKEN_LENGTH) got = `a token of ${value.length} characters`;
    else if (!TOKEN_CHARS.test(value)) got = 'a token with spaces or non-ASCII characters';
    if (got !== undefined) throw new LoadlineError('LOADLINE_INVALID_OPTION', `${field}: got ${got}, expected ${expected}`, { field, expected });
    return new BearerToken(value as string);
  }

  matches(presented: string | undefined): boolean {
    const digest = createHash('sha256')
      .update(presented ?? '')
      .digest();
    return timingSafeEqual(digest, this.#digest) && presented !== undefined;
  }

  /** True when the request carries `Authorization: Bearer <token>` (the scheme in any case). */
  allows(req: IncomingMessage): boolean {
    const header = req.headers.authorization;
    if (typeof header !== 'string') return false;
    const scheme = BEARER.exec(header);
    return scheme !== null && this.matches(header.slice(scheme[0].length).trim());
  }

  /** A key derived from the token for signing what the token grants (the same in every process that shares it). */
  deriveKey(purpose: string): Buffer {
    return createHmac('sha256', this.#secret).update(purpose).digest();
  }
}
