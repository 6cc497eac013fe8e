import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** What `sendRequest` got back. */
export interface SentReply {
  status: number;
  /** Response headers, names in lower case. */
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text. */
  body: string;
}

/** Options of `sendRequest`. */
export interface SendRequestOptions {
  /** HTTP method; default `GET`. */
  method?: string;
  /** Request headers; default none beyond node's own (`host`, `connection: close`). */
  headers?: Record<string, string>;
  /** Request body; default none. */
  body?: string | Buffer;
}

/**
 * Sends one request on a fresh connection (no agent, no pooling, no redirects, no decoding) and
 * resolves with the status, the raw headers and the body: what a test of caching, ETag or
 * rate-limit headers wants to see, with nothing left open afterwards.
 *
 * @example
 * const first = await sendRequest(`${app.url}/page`);
 * const again = await sendRequest(`${app.url}/page`, { headers: { 'if-none-match': first.headers.etag! } });
 * again.status; // 304
 */
export function sendRequest(url: string, options: SendRequestOptions = {}): Promise<SentReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
