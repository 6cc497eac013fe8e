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
