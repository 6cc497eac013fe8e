import { createHash } from 'node:crypto';

/**
 * A strong ETag for a response body: a quoted, truncated SHA-1 in base64url.
 *
 * @example
 * bodyEtag(Buffer.from('hello')); // '"qvTGHdzF6KLavt4PO0gs2a6pQ00"'
 */
export function bodyEtag(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Whether an If-None-Match header matches `etag` (weak comparison, as RFC 9110 asks for GET/HEAD). */
export function etagMatches(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const header = Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch;
  if (header.trim() === '*') return true;
  const bare = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const candidate of header.split(',')) {
    const c = candidate.trim();
    if ((c.startsWith('W/') ? c.slice(2) : c) === bare) return true;
  }
  return false;
}
