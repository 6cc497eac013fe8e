import type { Clock } from '../../core/index.js';
import type { RequestRecorder, RequestSpec, ResponseInfo, TransportError } from '../../load/index.js';
import type { CookieJar } from '../../load/scenario/run/CookieJar.js';
import type { OriginPools, ParsedUrl } from './OriginPools.js';

/** One request of a foreign script, ready to send. */
export interface Outgoing {
  method: string;
  url: ParsedUrl;
  /** Header names as the script wrote them; a `cookie` from the jar is added. */
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Per-request timeout, ms; default the pools'. */
  timeoutMs?: number;
  /** Keep the body: `'text'` decoded, `true` bytes, false counted only. */
  captureBody: boolean | 'text';
  /** Redirects followed (each hop one request of the endpoint); 0 returns the 3xx. */
  maxRedirects: number;
  /** Stats endpoint every hop is recorded under; -1 records nothing (setup, teardown). */
  endpoint: number;
  /** Clock time the first hop is measured from (the open model's intended start). */
  startMs: number;
  /** The VU's cookies; default none kept. */
  jar?: CookieJar;
}

/** How a request ended, after its redirects. */
export interface Exchanged {
  error: TransportError | null;
  response: ResponseInfo | null;
  /** The URL of the last hop. */
  url: ParsedUrl;
  /** The last hop's request headers (with the cookie sent). */
  headers: Record<string, string>;
  /** Whether the last hop counts as failed (`http_req_failed`: transport error or unexpected status). */
  failed: boolean;
  /** Time of the last hop from its measured start to its outcome, ms. */
  durationMs: number;
  /** Whether the outcome was recorded (measured: not warm-up, not after the run closed). */
  counted: boolean;
}

/** What an exchange needs from the run: pools, clock, and where outcomes are recorded. */
export interface ExchangeContext {
  pools: OriginPools;
  clock: Clock;
  /** Absent outside the run (setup, teardown): nothing is recorded. */
  recorder?: RequestRecorder;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Sends one request and follows its redirects (to any origin, as k6 and Artillery do), storing
 * `Set-Cookie` in the jar and recording every hop with the run's recorder: the first hop from
 * `startMs`, later ones from their own send.
 */
export function exchange(ctx: ExchangeContext, out: Outgoing): Promise<Exchanged> {
  return new Promise((resolve) => hop(ctx, out, out.url, out.method, out.headers, out.body, out.startMs, 0, resolve));
}

function hop(
  ctx: ExchangeContext,
  out: Outgoing,
  url: ParsedUrl,
  method: string,
  baseHeaders: Record<string, string>,
  body: string | Buffer | undefined,
  startMs: number,
  hops: number,
  resolve: (e: Exchanged) => void,
): void {
  let headers = baseHeaders;
  const cookie = out.jar?.header({ host: url.host, path: url.path, secure: url.secure });
  if (cookie !== undefined) headers = withCookie(baseHeaders, cookie);
  const spec: RequestSpec = { method, path: url.path, headers, captureBody: out.captureBody };
  if (body !== undefined) spec.body = body;
  if (out.timeoutMs !== undefined) spec.timeoutMs = out.timeoutMs;
  ctx.pools.pool(url.origin).request(spec, (error, response) => {
    const now = ctx.clock.now();
    const recorder = ctx.recorder;
    const counted = recorder !== undefined && out.endpoint >= 0 && recorder.counts(startMs);
    const failed = recorder !== undefined && out.endpoint >= 0 ? recorder.record(out.endpoint, startMs, error, response, now) : response === null || response.status >= 400;
    if (response !== null && out.jar) {
      const setCookie = response.getHeader ? response.getHeader('set-cookie') : response.headers['set-cookie'];
      if (setCookie !== undefined) out.jar.setCookies(setCookie, { host: url.host, path: url.path, secure: url.secure });
    }
    if (response !== null && hops < out.maxRedirects && REDIRECTS.has(response.status)) {
      const location = response.getHeader ? response.getHeader('location') : response.headers.location;
      const next = typeof location === 'string' ? resolveLocation(ctx, url, location) : null;
      if (next !== null) {
        const keepBody = response.status === 307 || response.status === 308;
        const nextMethod = keepBody ? method : method === 'HEAD' ? 'HEAD' : 'GET';
        const nextHeaders = keepBody ? baseHeaders : withoutBodyHeaders(baseHeaders);
        hop(ctx, out, next, nextMethod, nextHeaders, keepBody ? body : undefined, now, hops + 1, resolve);
        return;
      }
    }
    resolve({ error, response, url, headers, failed, durationMs: now - startMs, counted });
  });
}

function resolveLocation(ctx: ExchangeContext, from: ParsedUrl, location: string): ParsedUrl | null {
  try {
    return ctx.pools.parse(new URL(location, from.href).href);
  } catch {
    return null;
  }
}

/** The headers with the jar's cookies after any `Cookie` the script set itself (one header, as browsers send). */
function withCookie(headers: Record<string, string>, fromJar: string): Record<string, string> {
  const out: Record<string, string> = {};
  let own: string | undefined;
  for (const name in headers) {
    if (name.length === 6 && name.toLowerCase() === 'cookie') own = headers[name];
    else out[name] = headers[name]!;
  }
  out.cookie = own ? `${own}; ${fromJar}` : fromJar;
  return out;
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const lower = name.toLowerCase();
    if (lower !== 'content-type' && lower !== 'content-length') out[name] = headers[name]!;
  }
  return out;
}
