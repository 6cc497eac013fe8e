import { invalidInput } from '../../core/index.js';
import { REDACTED } from '../output/redact.js';
import type { RequestSpec } from './types.js';

/** A request serialized once: head and body in one buffer, written with one `socket.write`. */
export interface EncodedRequest {
  readonly bytes: Buffer;
  readonly isHead: boolean;
  /** May be sent again when a connection closed before any answer (RFC 9110 idempotent methods). */
  readonly idempotent: boolean;
  /** What it was encoded from; compared by identity to detect a changed spec. */
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly body: string | Buffer | undefined;
  /** The validated header lines (Host included), reused when only the path or body changes. */
  readonly headerLines: string;
}

/** RFC 9110 token characters, for methods and header names (the CLI checks `--header` names with it too). */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Visible ASCII and obs-text in a request target; no spaces, no controls.
const TARGET = /^\/[\x21-\x7e\x80-\xff]*$/;
/**
 * Header values: visible ASCII, spaces, tabs and Latin-1; no CR, LF, NUL or other control
 * characters (header injection) and nothing above U+00FF (one byte a character on the wire).
 * The CLI checks `--header` values with it too.
 */
export const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** What `FIELD_VALUE` takes, for error messages. */
export const FIELD_VALUE_EXPECTED = 'visible ASCII, spaces, tabs and Latin-1, without CR, LF, NUL or other control characters, nor characters above U+00FF';
const SET_BY_CLIENT = new Set(['content-length', 'connection', 'transfer-encoding']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/**
 * Serializes `RequestSpec`s to HTTP/1.1 bytes and remembers the result per spec object, so a
 * virtual user that sends the same spec again costs one WeakMap lookup and four identity
 * comparisons. A spec whose `method`, `path`, `headers` or `body` was replaced is re-encoded;
 * a headers object mutated in place is not noticed, so treat it as immutable.
 *
 * @example
 * const encoder = new RequestEncoder('127.0.0.1:8080');
 * encoder.encode({ method: 'GET', path: '/' }).bytes.toString(); // 'GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n'
 */
export class RequestEncoder {
  readonly #host: string;
  readonly #cache = new WeakMap<RequestSpec, EncodedRequest>();
  /** The spec encoded last and its encoding: quick mode sends one spec again and again, without a WeakMap lookup. */
  #lastSpec: RequestSpec | null = null;
  #lastEncoded: EncodedRequest | null = null;

  /** @param host the Host header value (`host[:port]`) */
  constructor(host: string) {
    this.#host = host;
  }

  /**
   * The encoded bytes for `spec`; throws `LOADLINE_INVALID_OPTION` for a spec that is not valid HTTP.
   * A spec sent again with only its `path` or `body` replaced keeps its validated header lines.
   */
  encode(spec: RequestSpec): EncodedRequest {
    const last = this.#lastEncoded;
    if (
      spec === this.#lastSpec && last !== null && last.method === spec.method && last.path === spec.path &&
      last.headers === spec.headers && last.body === spec.body
    ) return last;
    const encoded = this.#encode(spec);
    this.#lastSpec = spec;
    this.#lastEncoded = encoded;
    return encoded;
  }

  #encode(spec: RequestSpec): EncodedRequest {
    const cached = this.#cache.get(spec);
    if (
      cached !== undefined && cached.method === spec.method && cached.path === spec.path &&
      cached.headers === spec.headers && cached.body === spec.body
    ) return cached;
    const reuse = cached !== undefined && cached.method === spec.method && cached.headers === spec.headers ? cached : undefined;
    const encoded = this.#build(spec, reuse);
    this.#cache.set(spec, encoded);
    return encoded;
  }

  #build(spec: RequestSpec, previous: EncodedRequest | undefined): EncodedRequest {
    const { method, path, headers, body } = spec;
    if (previous === undefined && (typeof method !== 'string' || !TOKEN.test(method))) {
      throw invalidInput({ field: 'method', value: method, expected: 'an HTTP method token such as GET or POST' });
    }
    if ((previous === undefined || previous.path !== path) && (typeof path !== 'string' || !TARGET.test(path))) {
      throw invalidInput({ field: 'path', value: path, expected: 'a path starting with "/" without spaces or control characters' });
    }
    const headerLines = previous !== undefined ? previous.headerLines : this.#headerLines(headers);
    let head = `${method} ${path} HTTP/1.1\r\n${headerLines}`;
    let bodyLength = 0;
    if (body !== undefined) {
      bodyLength = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
      head += `Content-Length: ${bodyLength}\r\n\r\n`;
    } else head += BODY_METHODS.has(method.toUpperCase()) ? 'Content-Length: 0\r\n\r\n' : '\r\n';
    let bytes: Buffer;
    if (bodyLength === 0) bytes = Buffer.from(head, 'latin1');
    else {
      // One buffer, head then body, without a concat of two temporaries.
      bytes = Buffer.allocUnsafe(head.length + bodyLength);
      bytes.write(head, 0, 'latin1');
      if (typeof body === 'string') bytes.write(body, head.length, 'utf8');
      else (body as Buffer).copy(bytes, head.length);
    }
    const upper = method.toUpperCase();
    return { bytes, isHead: upper === 'HEAD', idempotent: IDEMPOTENT_METHODS.has(upper), method, path, headers, body, headerLines };
  }

  /** Validated header lines, `Host` first unless the spec sets one; each ends in CRLF. */
  #headerLines(headers: Readonly<Record<string, string>> | undefined): string {
    let lines = '';
    let hasHost = false;
    if (headers !== undefined) {
      for (const name of Object.keys(headers)) {
        const value = headers[name];
        // Header names and values can hold credentials (a mistyped `Authorization Bearer ...` is one
        // long bad name): the errors show neither past the first character that is wrong.
        if (!TOKEN.test(name)) {
          const bad = [...name].findIndex((c) => !TOKEN.test(c));
          throw invalidInput({ field: 'headers', value: bad <= 0 ? REDACTED : `${name.slice(0, bad)}${REDACTED}`, expected: `a header name made of token characters (character ${bad + 1} is not one; the rest is not shown)` });
        }
        if (typeof value !== 'string' || !FIELD_VALUE.test(value)) {
          const at = typeof value === 'string' ? value.search(/[^\t\x20-\x7e\x80-\xff]/) : -1;
          throw invalidInput({ field: `headers.${name}`, value: typeof value === 'string' ? REDACTED : value, expected: `a string of ${FIELD_VALUE_EXPECTED}${at >= 0 ? ` (character ${at + 1} is one; the value is not shown)` : ''}` });
        }
        const lower = name.toLowerCase();
        if (SET_BY_CLIENT.has(lower)) continue;
        if (lower === 'host') hasHost = true;
        lines += `${name}: ${value}\r\n`;
      }
    }
    return hasHost ? lines : `Host: ${this.#host}\r\n${lines}`;
  }
}
