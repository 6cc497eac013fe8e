import type { EncodedRequest } from './RequestEncoder.js';
import { parseHeaderBlock, readHeader } from './parseHeaderBlock.js';
import type { RequestCallback, RequestSpec, RequestTimings, ResponseInfo, TransportError } from './types.js';

/**
 * One request from `pool.request()` until its callback: it sits in exactly one place at a time
 * (the pool's queue or one connection's in-flight list) and is taken out before its callback
 * runs, which is what guarantees exactly one callback per request. Recycled by the pool.
 */
export class PendingRequest {
  spec: RequestSpec | null = null;
  callback: RequestCallback | null = null;
  encoded: EncodedRequest | null = null;
  capture = false;
  /** The body is wanted as text (`captureBody: 'text'`). */
  captureText = false;
  /** The response head is kept for `headers` (false: `captureHeaders: false`). */
  keepHead = true;
  timeoutMs = 0;
  /** performance.now() when `request()` was called. */
  enqueuedAt = 0;
  /** When it was written to a connection (the request timeout starts here). */
  sentAt = 0;
  firstByteAt = 0;
  deadline = 0;
  /** Connect and TLS time of the fresh connection this request opened, else 0. */
  connectMs = 0;
  tlsMs = 0;
  status = 0;
  /** Status line and headers, latin1. */
  head: string | null = null;
  /** False when the parser saw no header line that can be a `Set-Cookie`. */
  setsCookie = true;
  bodyParts: Buffer[] | null = null;
  /** A text body that arrived whole in one piece, decoded straight from the read buffer. */
  bodyText: string | null = null;
  /** Already resent once after the server closed the connection without answering. */
  resent = false;
  /** Bytes written for it so far. */
  bytesSent = 0;

  /** Clears references so a recycled request holds no user data. */
  reset(): void {
    this.spec = null;
    this.callback = null;
    this.encoded = null;
    this.head = null;
    this.setsCookie = true;
    this.bodyParts = null;
    this.bodyText = null;
    this.connectMs = 0;
    this.tlsMs = 0;
    this.firstByteAt = 0;
    this.status = 0;
    this.resent = false;
    this.bytesSent = 0;
  }

  timings(now: number): RequestTimings {
    const sentAt = this.sentAt === 0 ? now : this.sentAt;
    const firstByteAt = this.firstByteAt === 0 ? now : this.firstByteAt;
    return {
      blocked: Math.max(0, sentAt - this.enqueuedAt - this.connectMs - this.tlsMs),
      connect: this.connectMs,
      tls: this.tlsMs,
      ttfb: this.sentAt === 0 ? 0 : firstByteAt - sentAt,
      receive: this.firstByteAt === 0 ? 0 : now - firstByteAt,
    };
  }

  /** Builds the response and runs the callback; the caller recycles the request afterwards. */
  respond(bytes: number, now: number): void {
    let body: Buffer | undefined;
    const parts = this.bodyParts;
    if (this.capture && !this.captureText) body = parts === null ? Buffer.alloc(0) : parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const response = new ParsedResponse(this.status, this.head ?? NO_HEAD, bytes, this.timings(now), body, this.setsCookie);
    response.bytesSent = this.bytesSent;
    response.endedAt = now;
    if (this.captureText) response.bodyText = this.bodyText ?? (parts === null ? '' : Buffer.concat(parts).toString('utf8'));
    invoke(this.callback!, null, response);
  }

  fail(kind: TransportError['kind'], code: string, message: string, now: number): void {
    invoke(this.callback!, { kind, code, message, timings: this.timings(now), bytesSent: this.bytesSent }, null);
  }
}

/** The head of a response whose request said `captureHeaders: false`: no header lines. */
const NO_HEAD = '';

/** `ResponseInfo` whose `headers` are parsed from the raw head on first access. */
export class ParsedResponse implements ResponseInfo {
  readonly status: number;
  readonly bytes: number;
  bytesSent = 0;
  /** `performance.now()` when the response completed (the recorder's end time under the system clock). */
  endedAt = 0;
  readonly timings: RequestTimings;
  readonly body?: Buffer;
  bodyText?: string;
  #head: string;
  #headers: Record<string, string | string[]> | undefined;
  readonly #setsCookie: boolean;

  /** `setsCookie` false: the parser saw no line that can be a `Set-Cookie`, so none is looked for. */
  constructor(status: number, head: string, bytes: number, timings: RequestTimings, body: Buffer | undefined, setsCookie = true) {
    this.status = status;
    this.bytes = bytes;
    this.timings = timings;
    if (body !== undefined) this.body = body;
    this.#head = head;
    this.#setsCookie = setsCookie;
  }

  get headers(): Record<string, string | string[]> {
    return (this.#headers ??= parseHeaderBlock(this.#head));
  }

  hasHeader(name: string): boolean {
    if (name === 'set-cookie' && !this.#setsCookie) return false;
    if (this.#headers !== undefined) return this.#headers[name] !== undefined;
    return headLineStartsWith(this.#head, name);
  }

  getHeader(name: string): string | string[] | undefined {
    if (this.#headers !== undefined) return name === 'set-cookie' && !this.#setsCookie ? undefined : this.#headers[name];
    // The parser flags heads with a line that can be a Set-Cookie: one scan then, none without.
    if (name === 'set-cookie') return this.#setsCookie ? readHeader(this.#head, name) : undefined;
    return headLineStartsWith(this.#head, name) ? readHeader(this.#head, name) : undefined;
  }
}

/** True when a header line of `head` (after the status line) is named `lower`, compared case-insensitively. */
function headLineStartsWith(head: string, lower: string): boolean {
  const n = lower.length;
  let at = head.indexOf('\n');
  while (at !== -1) {
    const start = at + 1;
    if (head.charCodeAt(start + n) === 58 /* : */ || head.charCodeAt(start + n) === 32 || head.charCodeAt(start + n) === 9) {
      let i = 0;
      while (i < n && (head.charCodeAt(start + i) | 0x20) === lower.charCodeAt(i)) i++;
      if (i === n && isNameEnd(head, start + n)) return true;
    }
    at = head.indexOf('\n', start);
  }
  return false;
}

/** After a header name: optional spaces or tabs, then the colon. */
function isNameEnd(head: string, at: number): boolean {
  let c = head.charCodeAt(at);
  while (c === 32 || c === 9) c = head.charCodeAt(++at);
  return c === 58;
}

/** A callback that throws must not corrupt the connection that called it: rethrow on the next tick. */
function invoke(callback: RequestCallback, error: TransportError | null, response: ResponseInfo | null): void {
  try {
    callback(error, response);
  } catch (thrown) {
    process.nextTick(() => {
      throw thrown;
    });
  }
}
