/**
 * Turns a raw response head (status line and header lines) into the `ResponseInfo.headers`
 * record: names in lower case, repeated headers joined with ", ", `set-cookie` kept as an array.
 * Called lazily, only when someone reads `headers`, so a run that only counts responses never
 * pays for it.
 *
 * @example
 * parseHeaderBlock('HTTP/1.1 200 OK\r\nX-A: 1\r\nx-a: 2\r\n\r\n'); // { 'x-a': '1, 2' }
 */
export function parseHeaderBlock(head: string): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  const lines = head.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name === '__proto__') continue;
    const value = line.slice(colon + 1).trim();
    const existing = headers[name];
    if (name === 'set-cookie') {
      if (existing === undefined) headers[name] = [value];
      else (existing as string[]).push(value);
    } else {
      headers[name] = existing === undefined ? value : `${existing as string}, ${value}`;
    }
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
  let found: string | string[] | undefined;
  let at = head.indexOf('\n');
  while (at !== -1) {
    const start = at + 1;
    const end = head.indexOf('\n', start);
    const colon = head.indexOf(':', start);
    if (colon > start && (end === -1 || colon < end) && head.slice(start, colon).trim().toLowerCase() === name) {
      const value = head.slice(colon + 1, end === -1 ? head.length : end).trim();
      if (name === 'set-cookie') {
        if (found === undefined) found = [value];
        else (found as string[]).push(value);
      } else found = found === undefined ? value : `${found as string}, ${value}`;
    }
    at = end;
  }
  return found;
}
