/**
 * Reading a raw response head (status line and header lines, latin1) into header values. One set
 * of line rules serves both the whole record (`parseHeaderBlock`) and one header (`readHeader`):
 * a header line is any line after the status line with a colon past its first character; its
 * name is what precedes the colon, trimmed and in lower case; its value what follows, trimmed
 * (which drops the CR); repeated names are joined with ", ", except `set-cookie`, kept as a list.
 */

/** `[start, end)` of each header line, the colon's index, or -1 for a line that is not a header. */
function colonOf(head: string, start: number, end: number): number {
  const colon = head.indexOf(':', start);
  return colon > start && colon < end ? colon : -1;
}

/** Where the line starting at `start` ends (its LF, or the end of the head). */
function lineEnd(head: string, start: number): number {
  const lf = head.indexOf('\n', start);
  return lf === -1 ? head.length : lf;
}

function nameOf(head: string, start: number, colon: number): string {
  return head.slice(start, colon).trim().toLowerCase();
}

function valueOf(head: string, colon: number, end: number): string {
  return head.slice(colon + 1, end).trim();
}

/** `existing` with one more value of header `name`. */
function combine(name: string, existing: string | string[] | undefined, value: string): string | string[] {
  if (name === 'set-cookie') {
    if (existing === undefined) return [value];
    (existing as string[]).push(value);
    return existing;
  }
  return existing === undefined ? value : `${existing as string}, ${value}`;
}

/**
 * False when the trimmed text `[start, colon)` cannot be `lower` for its length: a cheap test that
 * spares `readHeader` the slice and lower-casing of every other line. Trim's whitespace within
 * latin1 is TAB to CR, space and NBSP; past latin1 (never from the wire) the test says maybe.
 */
function nameLengthIs(head: string, start: number, colon: number, lower: string): boolean {
  while (start < colon && isTrimmed(head.charCodeAt(start))) start++;
  while (colon > start && isTrimmed(head.charCodeAt(colon - 1))) colon--;
  if (colon - start === lower.length) return true;
  return colon > start && (head.charCodeAt(start) > 0xff || head.charCodeAt(colon - 1) > 0xff);
}

function isTrimmed(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

/**
 * Turns a raw response head into the `ResponseInfo.headers` record: names in lower case,
 * repeated headers joined with ", ", `set-cookie` kept as an array. Called lazily, only when
 * someone reads `headers`, so a run that only counts responses never pays for it.
 *
 * @example
 * parseHeaderBlock('HTTP/1.1 200 OK\r\nX-A: 1\r\nx-a: 2\r\n\r\n'); // { 'x-a': '1, 2' }
 */
export function parseHeaderBlock(head: string): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (let at = head.indexOf('\n'); at !== -1; ) {
    const start = at + 1;
    const end = lineEnd(head, start);
    const colon = colonOf(head, start, end);
    if (colon !== -1) {
      const name = nameOf(head, start, colon);
      if (name !== '__proto__') headers[name] = combine(name, headers[name], valueOf(head, colon, end));
    }
    at = end === head.length ? -1 : end;
  }
  return headers;
}

/**
 * One header of a raw response head, as `parseHeaderBlock(head)[name]` would hold it (`name` in
 * lower case), without building the record of every header: a response that only sets cookies is
 * read for `set-cookie` alone.
 *
 * @example
 * readHeader('HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX-A: 1\r\n\r\n', 'set-cookie'); // ['a=1']
 */
export function readHeader(head: string, name: string): string | string[] | undefined {
  if (name === '__proto__') return undefined;
  let found: string | string[] | undefined;
  for (let at = head.indexOf('\n'); at !== -1; ) {
    const start = at + 1;
    const end = lineEnd(head, start);
    const colon = colonOf(head, start, end);
    if (colon !== -1 && nameLengthIs(head, start, colon, name) && nameOf(head, start, colon) === name) {
      found = combine(name, found, valueOf(head, colon, end));
    }
    at = end === head.length ? -1 : end;
  }
  return found;
}
