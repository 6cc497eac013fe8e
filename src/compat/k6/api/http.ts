import { exchange, type Exchanged } from '../../http/exchange.js';
import type { ParsedUrl } from '../../http/OriginPools.js';
import { duration } from '../options.js';
import { Interrupted, type K6Context, type VuState } from '../K6Context.js';
import { K6Response } from './response.js';

/** `http.url\`...\``: a URL whose `name` tag is the template as written, so ids do not make new endpoints. */
export class HttpURL {
  readonly url: string;
  readonly name: string;
  constructor(url: string, name: string) {
    this.url = url;
    this.name = name;
  }
  toString(): string {
    return this.url;
  }
}

/** What `http.expectedStatuses(...)` returns and `http.setResponseCallback` takes. */
export class ExpectedStatuses {
  readonly ranges: Array<{ min: number; max: number }>;
  constructor(ranges: Array<{ min: number; max: number }>) {
    this.ranges = ranges;
  }
  has(status: number): boolean {
    return this.ranges.some((r) => status >= r.min && status <= r.max);
  }
  /** Every status from 100 to 599 it accepts, for the engine's `expectStatus`. */
  list(): number[] {
    const out: number[] = [];
    for (let s = 100; s <= 599; s++) if (this.has(s)) out.push(s);
    return out;
  }
}

type Params = {
  headers?: Record<string, unknown>;
  tags?: Record<string, unknown>;
  timeout?: string | number;
  redirects?: number;
  responseType?: 'text' | 'binary' | 'none';
  cookies?: Record<string, unknown>;
  jar?: unknown;
  responseCallback?: unknown;
  auth?: string;
  compression?: string;
};

interface Prepared {
  method: string;
  url: ParsedUrl;
  name: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
  shownBody: unknown;
  timeoutMs: number;
  redirects: number;
  binary: boolean;
  capture: boolean | 'text';
  tags: Record<string, unknown> | undefined;
}

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The `k6/http` module of one VU: requests resolve to k6 Responses (the transform awaits them),
 * each recorded by the run under its `name` tag (default: the URL as written), with the VU's
 * cookies, redirects followed (`redirects`, default `maxRedirects` 10), and no exception for a
 * failed request (status 0, `error`, `error_code`), as k6.
 */
export function httpModule(ctx: K6Context, vu: VuState): Record<string, unknown> {
  let warnedCallback = false;
  const prepare = (methodIn: unknown, urlIn: unknown, bodyIn: unknown, params: Params | undefined): Prepared => {
    if (vu.initializing) throw new Error('making requests in the init context is not supported (as in k6): move them into the default function, setup or teardown');
    const method = String(methodIn).toUpperCase();
    let urlText: string;
    let name: string | undefined;
    if (urlIn instanceof HttpURL) {
      urlText = urlIn.url;
      name = urlIn.name;
    } else urlText = String(urlIn);
    const url = ctx.pools.parse(urlText);
    if (url === null) throw new Error(`invalid URL ${JSON.stringify(urlText)}: expected an absolute http:// or https:// URL`);
    const tagName = params?.tags?.name;
    if (tagName !== undefined) name = String(tagName);
    const headers: Record<string, string> = {};
    if (ctx.userAgent) headers['User-Agent'] = ctx.userAgent;
    if (params?.headers) for (const [k, v] of Object.entries(params.headers)) if (v !== undefined && v !== null) setHeader(headers, k, String(v));
    // k6 sends a URL's credentials as Basic authentication (params.auth 'basic', its default).
    if (url.basicAuth !== undefined && !hasHeader(headers, 'authorization')) headers.Authorization = `Basic ${url.basicAuth}`;
    let body: string | Buffer | undefined;
    if (bodyIn !== null && bodyIn !== undefined) {
      if (typeof bodyIn === 'string') body = bodyIn;
      else if (bodyIn instanceof ArrayBuffer) body = Buffer.from(bodyIn);
      else if (ArrayBuffer.isView(bodyIn)) body = Buffer.from(bodyIn.buffer, bodyIn.byteOffset, bodyIn.byteLength);
      else if (typeof bodyIn === 'object') {
        // k6 form-encodes an object body.
        body = new URLSearchParams(Object.entries(bodyIn as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)])).toString();
        if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
      } else body = String(bodyIn);
    }
    if (params?.cookies) {
      const extra = Object.entries(params.cookies).map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? String((v as { value?: unknown }).value) : String(v)}`).join('; ');
      if (extra) setHeader(headers, 'Cookie', extra);
    }
    if (params?.responseCallback !== undefined && !warnedCallback) {
      warnedCallback = true;
      process.emitWarning('params.responseCallback: loadline judges http_req_failed with the callback set in the init context (http.setResponseCallback) only');
    }
    const responseType = params?.responseType ?? (ctx.discardResponseBodies ? 'none' : 'text');
    return {
      method,
      url,
      name: name ?? urlText,
      headers,
      body: METHODS_WITH_BODY.has(method) || body !== undefined ? body : undefined,
      shownBody: bodyIn,
      timeoutMs: params?.timeout === undefined ? ctx.timeoutMs : duration(params.timeout, 'params.timeout'),
      redirects: params?.redirects ?? ctx.maxRedirects,
      binary: responseType === 'binary',
      capture: responseType === 'none' ? false : responseType === 'binary' ? true : 'text',
      tags: params?.tags,
    };
  };

  const send = (p: Prepared): Promise<K6Response> => {
    if (vu.interrupted) return Promise.reject(new Interrupted());
    const measuring = ctx.measuring();
    const endpoint = measuring ? ctx.endpoints!.index(p.name, p.method, p.url.href) : -1;
    vu.pending++;
    return exchange(ctx.exchangeContext(), {
      method: p.method,
      url: p.url,
      headers: p.headers,
      ...(p.body !== undefined ? { body: p.body } : {}),
      timeoutMs: p.timeoutMs,
      captureBody: p.capture,
      maxRedirects: p.redirects,
      endpoint,
      startMs: vu.takeStart(ctx.clock),
      jar: vu.jar,
    }).then((ex: Exchanged) => {
      vu.pending--;
      const res = new K6Response(ex.error, ex.response, ex.url, { method: p.method, headers: ex.headers, body: p.shownBody }, p.binary);
      if (ex.counted) ctx.recordHttp(vu, p.name, p.method, res, ex, p.tags);
      return res;
    });
  };

  const request = (method: unknown, url: unknown, body?: unknown, params?: Params) => send(prepare(method, url, body, params));
  const batch = (requests: unknown): Promise<unknown> => {
    const entries = Array.isArray(requests) ? requests.map((r, i) => [i, r] as const) : Object.entries(requests as Record<string, unknown>);
    const prepared = entries.map(([, r]) => {
      if (typeof r === 'string' || r instanceof HttpURL) return prepare('GET', r, null, undefined);
      if (Array.isArray(r)) return prepare(r[0], r[1], r[2], r[3] as Params | undefined);
      const o = r as { method?: string; url: unknown; body?: unknown; params?: Params };
      return prepare(o.method ?? 'GET', o.url, o.body, o.params);
    });
    return Promise.all(prepared.map(send)).then((responses) => {
      if (Array.isArray(requests)) return responses;
      return Object.fromEntries(entries.map(([k], i) => [k, responses[i]]));
    });
  };
  const withBody = (method: string) => (url: unknown, body?: unknown, params?: Params) => request(method, url, body, params);
  const api: Record<string, unknown> = {
    request,
    asyncRequest: request,
    get: (url: unknown, params?: Params) => request('GET', url, null, params),
    head: (url: unknown, params?: Params) => request('HEAD', url, null, params),
    post: withBody('POST'),
    put: withBody('PUT'),
    patch: withBody('PATCH'),
    del: withBody('DELETE'),
    options: withBody('OPTIONS'),
    batch,
    url: (strings: TemplateStringsArray, ...values: unknown[]) => {
      let url = strings[0]!;
      let name = strings[0]!;
      values.forEach((v, i) => {
        url += String(v) + strings[i + 1]!;
        name += '${}' + strings[i + 1]!;
      });
      return new HttpURL(url, name);
    },
    expectedStatuses: (...args: unknown[]) =>
      new ExpectedStatuses(
        args.map((a) => {
          if (typeof a === 'number') return { min: a, max: a };
          const r = a as { min?: number; max?: number };
          return { min: Number(r.min), max: Number(r.max) };
        }),
      ),
    setResponseCallback: (cb: unknown) => {
      if (!(cb instanceof ExpectedStatuses) && cb !== null && cb !== undefined) throw new Error('http.setResponseCallback: expected http.expectedStatuses(...) (the only callback k6 has)');
      if (vu.initializing) {
        if (vu.id === 0) ctx.responseCallback = cb ?? undefined;
      }
      else if (!warnedCallback) {
        warnedCallback = true;
        process.emitWarning('http.setResponseCallback outside the init context: loadline takes the callback set at module level only');
      }
    },
    cookieJar: () => jarApi(vu),
    file: (data: unknown, filename?: string, contentType?: string) => ({ data, filename, content_type: contentType ?? 'application/octet-stream' }),
    TLS_1_2: 'tls1.2',
    TLS_1_3: 'tls1.3',
    OCSP_STATUS_GOOD: 'good',
  };
  api.default = api;
  return api;
}

function setHeader(headers: Record<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const k of Object.keys(headers)) if (k.toLowerCase() === lower) delete headers[k];
  headers[name] = value;
}

function hasHeader(headers: Record<string, string>, lower: string): boolean {
  for (const k in headers) if (k.toLowerCase() === lower) return true;
  return false;
}

/** `http.cookieJar()`: the VU's jar, as k6's CookieJar object. */
function jarApi(vu: VuState): Record<string, unknown> {
  const at = (url: string) => {
    const u = new URL(url);
    return { host: u.hostname, path: u.pathname || '/', secure: u.protocol === 'https:' };
  };
  return {
    cookiesForURL: (url: string) => {
      const header = vu.jar.header(at(url)) ?? '';
      const out: Record<string, string[]> = {};
      for (const pair of header.split(';')) {
        const eq = pair.indexOf('=');
        if (eq > 0) (out[pair.slice(0, eq).trim()] ??= []).push(pair.slice(eq + 1).trim());
      }
      return out;
    },
    set: (url: string, name: string, value: string, options: { path?: string; domain?: string; secure?: boolean; http_only?: boolean; max_age?: number } = {}) => {
      const attrs = [`${name}=${value}`, `Path=${options.path ?? '/'}`];
      if (options.domain) attrs.push(`Domain=${options.domain}`);
      if (options.secure) attrs.push('Secure');
      if (options.max_age !== undefined) attrs.push(`Max-Age=${options.max_age}`);
      vu.jar.setCookies(attrs.join('; '), at(url));
    },
    clear: () => vu.jar.clear(),
    delete: (url: string, name: string) => vu.jar.setCookies(`${name}=; Path=/; Max-Age=0`, at(url)),
  };
}
