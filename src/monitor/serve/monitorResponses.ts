import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** The path of a request URL, without its query. */
export function pathOf(url: string | undefined): string {
  const u = url ?? '/';
  const q = u.indexOf('?');
  return q === -1 ? u : u.slice(0, q);
}

/** Writes a whole answer; every monitor answer is uncached and never content-sniffed. */
export function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers?: OutgoingHttpHeaders): void {
  res.writeHead(status, {
    ...headers,
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.length,
  });
  res.end(body);
}

export function json(res: ServerResponse, status: number, value: unknown, headers?: OutgoingHttpHeaders): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
}

/** The answer to a request without valid credentials. */
export function unauthorized(res: ServerResponse): void {
  json(res, 401, { error: 'a valid bearer token is required: Authorization: Bearer <token>' }, { 'www-authenticate': 'Bearer realm="loadline"' });
}
