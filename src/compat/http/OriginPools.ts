import { createPool, type HttpPool } from '../../load/index.js';

export interface OriginPoolsOptions {
  /** Keep-alive connections per origin (opened lazily); required. */
  connections: number;
  /** Default per-request timeout, ms; required. */
  timeoutMs: number;
  /** https: accept any certificate; default false. */
  insecure?: boolean;
}

/** A URL split the way the wire client needs it, parsed once per distinct text. */
export interface ParsedUrl {
  /** `http://host:port` */
  origin: string;
  /** Path and query, starting with `/`. */
  path: string;
  host: string;
  secure: boolean;
  /** The URL as text, normalized. */
  href: string;
  /** `user:password` of the URL, base64, for a Basic `Authorization` header; absent without credentials. */
  basicAuth?: string;
}

/** Distinct URL texts kept parsed; past it, URLs are parsed per request (ids in paths). */
const MAX_PARSED = 10_000;

/**
 * Keep-alive pools by origin, for scripts whose requests name full URLs (k6) or whose flows may
 * leave the target (Artillery's absolute `url`s): the first request to an origin opens its pool.
 *
 * @example
 * const pools = new OriginPools({ connections: 20, timeoutMs: 10_000 });
 * const url = pools.parse('http://127.0.0.1:3000/api/users?page=2');
 * pools.pool(url.origin).request({ method: 'GET', path: url.path }, callback);
 */
export class OriginPools {
  readonly #o: OriginPoolsOptions;
  /** https: accept any certificate; settable until the first pool opens. */
  insecure: boolean;
  readonly #pools = new Map<string, HttpPool>();
  readonly #parsed = new Map<string, ParsedUrl | null>();
  #closed = false;

  constructor(options: OriginPoolsOptions) {
    this.#o = options;
    this.insecure = options.insecure ?? false;
  }

  /** Origins requested so far, in order of first use. */
  origins(): string[] {
    return [...this.#pools.keys()];
  }

  /** The URL parsed, or null when it is not an absolute http(s) URL. */
  parse(text: string): ParsedUrl | null {
    const hit = this.#parsed.get(text);
    if (hit !== undefined) return hit;
    const parsed = parseUrl(text);
    if (this.#parsed.size < MAX_PARSED) this.#parsed.set(text, parsed);
    return parsed;
  }

  pool(origin: string): HttpPool {
    let pool = this.#pools.get(origin);
    if (pool === undefined) {
      pool = createPool(origin, {
        connections: this.#o.connections,
        requestTimeoutMs: Math.max(1, Math.round(this.#o.timeoutMs)),
        connectTimeoutMs: Math.max(1, Math.round(Math.min(this.#o.timeoutMs, 10_000))),
        rejectUnauthorized: !this.insecure,
      });
      if (this.#closed) void pool.close();
      this.#pools.set(origin, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#pools.values()].map((p) => p.close()));
  }
}

function parseUrl(text: string): ParsedUrl | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const parsed: ParsedUrl = { origin: url.origin, path: `${url.pathname}${url.search}`, host: url.hostname, secure: url.protocol === 'https:', href: url.href };
  if (url.username) parsed.basicAuth = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  return parsed;
}
