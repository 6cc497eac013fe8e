import type { ResponseInfo } from '../../http/types.js';

/** The next request of a redirect chain, on the same origin. */
export interface RedirectTarget {
  method: string;
  /** Path and query on the same origin. */
  path: string;
  /** 307/308 resend the body; 301/302 after POST and 303 switch to GET without one. */
  keepBody: boolean;
}

/**
 * Where a redirect response leads, or undefined when it is not a redirect, has no `Location`, or
 * leads to another origin (the pool talks to one origin; the engine then stops and counts the
 * redirect response itself). The engine follows at most the step's `redirects` hops.
 *
 * @example
 * const next = redirectTarget(res, 'http://127.0.0.1:3000', '/old', 'GET'); // { method: 'GET', path: '/new', keepBody: false }
 */
export function redirectTarget(response: Pick<ResponseInfo, 'status' | 'headers'>, origin: string, fromPath: string, method: string): RedirectTarget | undefined {
  const s = response.status;
  if (s !== 301 && s !== 302 && s !== 303 && s !== 307 && s !== 308) return undefined;
  const raw = response.headers.location;
  const location = Array.isArray(raw) ? raw[0] : raw;
  if (!location) return undefined;
  let url: URL;
  const base = new URL(fromPath, origin);
  try {
    url = new URL(location, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base.origin) return undefined;
  const toGet = s === 303 ? method !== 'HEAD' : (s === 301 || s === 302) && method === 'POST';
  return { method: toGet ? 'GET' : method, path: `${url.pathname}${url.search}`, keepBody: !toGet };
}
