import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { etagMatches } from './etag.js';

type Done = (status: number, body: Buffer) => string | undefined;

function toBuffer(chunk: unknown, encoding?: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  return Buffer.from(chunk as Uint8Array);
}

/**
 * Buffers what a node:http (or Express) handler writes so the complete response can be stored
 * and given an ETag before its headers leave. `done` gets status and body at `end` and returns
 * the ETag it set, if any; a matching If-None-Match then turns the answer into a 304. A body
 * larger than `maxBodyBytes` stops the buffering and streams through uncached.
 */
export function captureResponse(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number, done: Done): void {
  const write = res.write;
  const end = res.end;
  const writeHead = res.writeHead;
  const callEnd = end as unknown as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
  const chunks: Buffer[] = [];
  let length = 0;
  let head: unknown[] | undefined;

  const restore = () => {
    res.write = write;
    res.end = end;
    res.writeHead = writeHead;
  };
  const applyHead = () => {
    if (head === undefined || res.headersSent) return;
    const [status, ...rest] = head as [number, ...unknown[]];
    res.statusCode = status;
    const headers = rest.find((r) => typeof r === 'object' && r !== null) as OutgoingHttpHeaders | string[] | undefined;
    const message = rest.find((r) => typeof r === 'string') as string | undefined;
    if (message) res.statusMessage = message;
    if (Array.isArray(headers)) for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(headers[i]!, headers[i + 1]!);
    else if (headers) for (const [n, v] of Object.entries(headers)) if (v !== undefined) res.setHeader(n, v);
    head = undefined;
  };
  const giveUp = () => {
    restore();
    applyHead();
    for (const c of chunks) res.write(c);
    chunks.length = 0;
  };

  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    head = args;
    return this;
  } as ServerResponse['writeHead'];

  res.write = function (this: ServerResponse, chunk: unknown, encoding?: unknown, cb?: unknown) {
    const buf = toBuffer(chunk, encoding);
    chunks.push(buf);
    length += buf.length;
    if (length > maxBodyBytes) giveUp();
    const callback = typeof encoding === 'function' ? encoding : cb;
    if (typeof callback === 'function') process.nextTick(callback as () => void);
    return true;
  } as ServerResponse['write'];

  res.end = function (this: ServerResponse, chunk?: unknown, encoding?: unknown, cb?: unknown) {
    if (typeof chunk === 'function') {
      cb = chunk;
      chunk = undefined;
    } else if (typeof encoding === 'function') {
      cb = encoding;
      encoding = undefined;
    }
    if (chunk !== undefined && chunk !== null) chunks.push(toBuffer(chunk, encoding));
    restore();
    applyHead();
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    let etag: string | undefined;
    if (!res.headersSent && body.length <= maxBodyBytes) etag = done(res.statusCode, body);
    if (etag !== undefined && res.statusCode === 200 && etagMatches(req.headers['if-none-match'], etag)) {
      res.statusCode = 304;
      res.removeHeader('content-length');
      return callEnd.call(res, cb);
    }
    if (!res.headersSent && res.getHeader('content-length') === undefined && res.getHeader('transfer-encoding') === undefined) {
      res.setHeader('Content-Length', body.length);
    }
    return callEnd.call(res, req.method === 'HEAD' ? undefined : body, cb);
  } as ServerResponse['end'];
}
