import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * A shared secret checked in constant time. Both sides are hashed first so the comparison takes
 * the same time whatever the presented token's length or content.
 *
 * @example
 * const token = new BearerToken('s3cret');
 * token.allows(req); // Authorization: Bearer s3cret, or ?token=s3cret (for EventSource and links)
 */
export class BearerToken {
  readonly #digest: Buffer;

  constructor(secret: string) {
    this.#digest = createHash('sha256').update(secret).digest();
  }

  matches(presented: string | undefined): boolean {
    const digest = createHash('sha256')
      .update(presented ?? '')
      .digest();
    return timingSafeEqual(digest, this.#digest) && presented !== undefined;
  }

  /** Reads the token from `Authorization: Bearer …` or, for browsers' EventSource, the `token` query parameter. */
  allows(req: IncomingMessage, query?: URLSearchParams): boolean {
    const header = req.headers.authorization;
    if (typeof header === 'string' && header.startsWith('Bearer ')) return this.matches(header.slice(7).trim());
    return this.matches(query?.get('token') ?? undefined);
  }
}
