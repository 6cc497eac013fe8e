import type { ResponseInfo, TransportError } from '../../../load/index.js';
import type { ParsedUrl } from '../../http/OriginPools.js';
import { readGjson } from './gjson.js';

/** k6's `error_code`s for requests that got no response, by loadline's transport error kind. */
const ERROR_CODES: Readonly<Record<TransportError['kind'], number>> = { timeout: 1050, dns: 1101, refused: 1212, reset: 1220, tls: 1300, other: 1000 };

/** `Content-Type` as Go writes header names, which k6 scripts index by. */
export function canonicalHeader(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

/** k6's `response.timings`, in ms. */
export interface K6Timings {
  duration: number;
  blocked: number;
  connecting: number;
  tls_handshaking: number;
  sending: number;
  waiting: number;
  receiving: number;
  looking_up: number;
}

const NO_TIMINGS = { blocked: 0, connect: 0, tls: 0, ttfb: 0, receive: 0 };

/**
 * k6's Response: `status`, `body`, `headers` (canonical names), `timings`, `url`, `error`,
 * `error_code`, `json(selector)`, `cookies`, `request`. Read lazily: a script that only checks
 * the status pays for nothing else.
 */
export class K6Response {
  readonly status: number;
  readonly status_text: string;
  readonly proto = 'HTTP/1.1';
  readonly body: string | ArrayBuffer | null;
  readonly url: string;
  readonly error: string;
  readonly error_code: number;
  readonly timings: K6Timings;
  readonly remote_ip: string;
  readonly remote_port: number;
  readonly #raw: ResponseInfo | null;
  readonly #request: { method: string; url: string; headers: Record<string, string>; body: unknown };
  #headers: Record<string, string> | undefined;
  #json: unknown;
  #parsed = false;

  constructor(error: TransportError | null, response: ResponseInfo | null, url: ParsedUrl, request: { method: string; headers: Record<string, string>; body: unknown }, binary: boolean) {
    this.#raw = response;
    this.#request = { ...request, url: url.href };
    this.url = url.href;
    const port = url.origin.lastIndexOf(':');
    this.remote_ip = url.host;
    this.remote_port = port > 6 ? Number(url.origin.slice(port + 1)) : url.secure ? 443 : 80;
    const t = response?.timings ?? error?.timings ?? NO_TIMINGS;
    this.timings = { duration: t.ttfb + t.receive, blocked: t.blocked, connecting: t.connect, tls_handshaking: t.tls, sending: 0, waiting: t.ttfb, receiving: t.receive, looking_up: 0 };
    if (response === null) {
      this.status = 0;
      this.status_text = '';
      this.body = null;
      this.error = error ? `${error.code}: ${error.message}` : 'request failed';
      this.error_code = ERROR_CODES[error?.kind ?? 'other'];
      return;
    }
    this.status = response.status;
    this.status_text = `${response.status}`;
    this.body = binary ? (response.body ? new Uint8Array(response.body).buffer : new ArrayBuffer(0)) : (response.bodyText ?? null);
    this.error = response.status >= 400 ? `HTTP ${response.status}` : '';
    this.error_code = response.status >= 400 ? 1000 + response.status : 0;
  }

  get headers(): Record<string, string> {
    if (this.#headers === undefined) {
      const out: Record<string, string> = {};
      const raw = this.#raw?.headers ?? {};
      for (const [k, v] of Object.entries(raw)) out[canonicalHeader(k)] = Array.isArray(v) ? v.join(', ') : v;
      this.#headers = out;
    }
    return this.#headers;
  }

  get request(): { method: string; url: string; headers: Record<string, string[]>; body: unknown; cookies: Record<string, unknown[]> } {
    const r = this.#request;
    return { method: r.method, url: r.url, headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [canonicalHeader(k), [v]])), body: r.body ?? '', cookies: {} };
  }

  /** Cookies the response set: `{ name: [{ name, value, domain, path, http_only, secure, max_age, expires }] }`. */
  get cookies(): Record<string, Array<Record<string, unknown>>> {
    const raw = this.#raw?.headers['set-cookie'];
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const out: Record<string, Array<Record<string, unknown>>> = {};
    for (const line of list) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const cookie: Record<string, unknown> = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), domain: '', path: '', http_only: false, secure: false, max_age: 0, expires: 0 };
      for (const a of attrs) {
        const [k = '', v = ''] = a.split('=').map((x) => x.trim());
        const key = k.toLowerCase();
        if (key === 'httponly') cookie.http_only = true;
        else if (key === 'secure') cookie.secure = true;
        else if (key === 'max-age') cookie.max_age = Number(v);
        else if (key === 'expires') cookie.expires = Date.parse(v) || 0;
        else if (key === 'domain' || key === 'path') cookie[key] = v;
      }
      (out[cookie.name as string] ??= []).push(cookie);
    }
    return out;
  }

  /** The body parsed as JSON; with a selector, the value at that gjson path (`token`, `items.0.id`, `items.#`). */
  json(selector?: string): unknown {
    if (!this.#parsed) {
      if (typeof this.body !== 'string') throw new Error(`cannot parse the response body as JSON: the body is ${this.body === null ? 'empty (responseType none, or no response)' : 'binary'}`);
      try {
        this.#json = JSON.parse(this.body);
      } catch (err) {
        throw new Error(`cannot parse the response body as JSON: ${(err as Error).message}`);
      }
      this.#parsed = true;
    }
    return selector === undefined ? this.#json : readGjson(this.#json, selector);
  }

  html(): never {
    throw new Error('response.html() (k6/html) is not supported by loadline');
  }

  clickLink(): never {
    throw new Error('response.clickLink() is not supported by loadline');
  }

  submitForm(): never {
    throw new Error('response.submitForm() is not supported by loadline');
  }
}
