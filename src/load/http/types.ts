/**
 * The contract between loadline's HTTP/1.1 wire client (src/load/http/) and the load engine
 * (src/load/). The engine builds `RequestSpec`s and gets exactly one callback per request, with
 * either a `ResponseInfo` or a classified `TransportError`; the client never throws into the run.
 */
import type { ErrorKind } from '../../core/result/result.js';

export interface RequestSpec {
  /** `GET`, `POST`, ... (upper case). */
  method: string;
  /** Path and query, e.g. `/api/users?page=2`; must start with `/`. */
  path: string;
  /** Extra request headers; `host`, `content-length` and `connection` are set by the client. */
  headers?: Readonly<Record<string, string>>;
  body?: string | Buffer;
  /** Whole-request timeout from the moment a connection is assigned; default the pool's `requestTimeoutMs`. */
  timeoutMs?: number;
  /**
   * Keep the response body: `true` in `ResponseInfo.body` (bytes), `'text'` in `ResponseInfo.bodyText`
   * (decoded as UTF-8 straight from the socket's buffer, without a Buffer copy: what checks and
   * captures read); default false: only counted.
   */
  captureBody?: boolean | 'text';
  /**
   * False: the response head is not kept, and `headers` is empty (`hasHeader`, `getHeader` find
   * nothing), sparing a string per response for a caller that reads only the status, sizes and
   * timings (quick mode); default true.
   */
  captureHeaders?: boolean;
}

/** Milliseconds spent in each phase of one request. */
export interface RequestTimings {
  /** Waiting for a free connection (or pipelining slot). */
  blocked: number;
  /** TCP connect, 0 when the connection was reused. */
  connect: number;
  /** TLS handshake, 0 for http or a reused connection. */
  tls: number;
  /** Request written until the first response byte. */
  ttfb: number;
  /** First until last response byte. */
  receive: number;
}

export interface ResponseInfo {
  status: number;
  /** Header names in lower case; repeated headers joined with ", " (set-cookie kept as an array). */
  headers: Record<string, string | string[]>;
  /** Present only when the request asked for `captureBody: true`. */
  body?: Buffer;
  /** Present only when the request asked for `captureBody: 'text'`: the body as UTF-8 text (invalid bytes as U+FFFD). */
  bodyText?: string;
  /**
   * True when the head holds a header named `name` (lower case), without parsing the whole head
   * as reading `headers` does; optional, callers fall back to `name in headers`.
   */
  hasHeader?(name: string): boolean;
  /**
   * One header's value as `headers[name]` holds it (`name` in lower case), read from the raw
   * head without parsing the other lines; optional, callers fall back to `headers[name]`.
   */
  getHeader?(name: string): string | string[] | undefined;
  /** Bytes received for this response, head and body. */
  bytes: number;
  /** Bytes written for the request (head and body; twice when it was sent again); optional for other clients. */
  bytesSent?: number;
  timings: RequestTimings;
}

/** A request that got no HTTP response, classified for the result file's `errors.byKind`. */
export interface TransportError {
  kind: Extract<ErrorKind, 'refused' | 'reset' | 'timeout' | 'dns' | 'tls' | 'other'>;
  /** e.g. `ECONNREFUSED`, `ECONNRESET`, `ETIMEDOUT`, `ERR_TLS_CERT_ALTNAME_INVALID`. */
  code: string;
  message: string;
  timings: RequestTimings;
  /** Bytes written for the request before it failed. */
  bytesSent?: number;
}

export type RequestCallback = (error: TransportError | null, response: ResponseInfo | null) => void;

export interface PoolOptions {
  /** Keep-alive connections to open to the origin; default 10. */
  connections?: number;
  /** Requests in flight per connection (HTTP/1.1 pipelining); default 1. */
  pipelining?: number;
  /** TCP (+TLS) connect timeout in ms; default 10 000. */
  connectTimeoutMs?: number;
  /** Default per-request timeout in ms; default 30 000. */
  requestTimeoutMs?: number;
  /** https only: verify the server certificate; default true. */
  rejectUnauthorized?: boolean;
  /** https only: extra CA certificates (PEM). */
  ca?: string | Buffer | Array<string | Buffer>;
}

/**
 * A keep-alive connection pool to one origin (`http://host:port` or `https://...`).
 * `request` queues when every connection is busy; a connection that resets or times out is
 * destroyed and replaced on the next request; responses without Content-Length are ended by
 * close; 204, 304 and HEAD responses have no body; chunked bodies are decoded.
 */
export interface HttpPool {
  request(spec: RequestSpec, callback: RequestCallback): void;
  /** Requests waiting for a connection. */
  readonly queued: number;
  /** Requests written and not yet answered. */
  readonly inFlight: number;
  /**
   * Validates `spec` and pre-encodes its request head (cached per spec object), throwing a
   * `LOADLINE_INVALID_OPTION` error that names the bad field; optional, `request` encodes on first use.
   */
  prepare?(spec: RequestSpec): void;
  /** Closes every connection; pending requests fail with kind `other`, code `POOL_CLOSED`. */
  close(): Promise<void>;
}
