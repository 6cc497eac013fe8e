import { LoadlineError, invalidInput } from '../../../core/index.js';

/**
 * The one spelling of a request path that route profiles are matched on, so that no other
 * spelling a router would accept for the same handler escapes its profile: query and fragment cut,
 * percent-escapes decoded (repeatedly, as a proxy and a framework may each decode once),
 * backslashes read as slashes, empty and `.` segments dropped, `..` resolved, no trailing slash,
 * and lower case unless `caseSensitive`. Matching more spellings than a router does only limits
 * requests that router would answer with 404.
 *
 * @example
 * canonicalPath('//API/./%61uth/?x=1', false); // '/api/auth'
 */
export function canonicalPath(url: string, caseSensitive: boolean): string {
  let p = url;
  const cut = p.search(/[?#]/);
  if (cut >= 0) p = p.slice(0, cut);
  if (!p.startsWith('/') && /^[a-z][a-z0-9+.-]*:\/\//i.test(p)) {
    // absolute-form request target (`GET http://host/path`), which node:http passes through as is
    try {
      p = new URL(p).pathname;
    } catch {
      // not a URL after all: matched as written
    }
  }
  for (let i = 0; i < 4 && p.includes('%'); i++) {
    const decoded = decodePercent(p);
    if (decoded === p) break;
    p = decoded;
  }
  const segments: string[] = [];
  for (const segment of p.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const path = `/${segments.join('/')}`;
  return caseSensitive ? path : path.toLowerCase();
}

function decodePercent(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    // a malformed escape elsewhere in the path: decode the ASCII escapes one by one
    return p.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/** Whether canonical `path` is `prefix` or lies under it, on a segment boundary (`/api/auth` never covers `/api/authors`). */
export function isUnder(path: string, prefix: string): boolean {
  return prefix === '/' || path === prefix || (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47 /* '/' */);
}

function checkPath(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value.startsWith('/') || /[?#]/.test(value)) {
    throw invalidInput({ field, value, expected: 'a path starting with "/", without query or fragment' });
  }
  return value;
}

/**
 * A route table (path prefix -> profile name) matched on the full, canonical request path; the
 * longest matching prefix wins. Entries that can never match where the middleware is mounted are
 * rejected: at construction against `mountPath`, and at the first request through any other
 * mount point (Express's `req.baseUrl`, Fastify's plugin prefix) when none was declared.
 */
export class RouteTable {
  readonly #entries: [string, string][];
  readonly #raw = new Map<string, string>();
  readonly #mounts: string[] | undefined;
  readonly #caseSensitive: boolean;
  /** Mount point -> the error it causes (null: fine); bounded, since parameterized mounts vary. */
  readonly #checkedMounts = new Map<string, LoadlineError | null>();

  constructor(routes: Record<string, string>, caseSensitive: boolean, mountPath: string | readonly string[] | undefined) {
    this.#caseSensitive = caseSensitive;
    const entries = new Map<string, string>();
    for (const [prefix, name] of Object.entries(routes)) {
      const field = `routes[${JSON.stringify(prefix)}]`;
      checkPath(prefix, field);
      const canonical = canonicalPath(prefix, caseSensitive);
      const clash = this.#raw.get(canonical);
      if (clash !== undefined) throw invalidInput({ field, value: name, expected: `one entry per path: ${JSON.stringify(clash)} is the same path` });
      this.#raw.set(canonical, prefix);
      entries.set(canonical, name);
    }
    this.#entries = [...entries].sort((a, b) => b[0].length - a[0].length);
    if (mountPath !== undefined) {
      const list = typeof mountPath === 'string' ? [mountPath] : Array.isArray(mountPath) && mountPath.length > 0 ? mountPath : [undefined];
      this.#mounts = list.map((m, i) => canonicalPath(checkPath(m, typeof mountPath === 'string' ? 'mountPath' : `mountPath[${i}]`), caseSensitive));
      for (const [path] of this.#entries) {
        if (!this.#mounts.some((m) => isUnder(path, m) || isUnder(m, path))) {
          const where = this.#mounts.length === 1 ? `the mount path ${JSON.stringify(this.#mounts[0])}` : `one of the mount paths ${this.#mounts.map((m) => JSON.stringify(m)).join(', ')}`;
          throw invalidInput({ field: `routes[${JSON.stringify(this.#raw.get(path))}]`, value: entries.get(path), expected: `a path under ${where} (routes match the full URL, mount prefix included)` });
        }
      }
    }
  }

  get size(): number {
    return this.#entries.length;
  }

  /** The profile name for request URL `url`, or undefined when no entry matches. */
  match(url: string): string | undefined {
    const path = canonicalPath(url, this.#caseSensitive);
    for (const [prefix, name] of this.#entries) if (isUnder(path, prefix)) return name;
    return undefined;
  }

  /**
   * Throws LOADLINE_INVALID_OPTION when the middleware is reached through `mount` (a prefix the
   * framework strips or scopes to) and some entry can never match there, or when `mount` is not
   * one of the declared mount paths.
   */
  checkMount(mount: string): void {
    if (mount === '' || mount === '/' || this.#entries.length === 0) return;
    let verdict = this.#checkedMounts.get(mount);
    if (verdict === undefined) {
      verdict = this.#verdictFor(canonicalPath(mount, this.#caseSensitive), mount);
      if (this.#checkedMounts.size < 1000) this.#checkedMounts.set(mount, verdict);
    }
    if (verdict) throw verdict;
  }

  #verdictFor(canonical: string, mount: string): LoadlineError | null {
    if (this.#mounts) {
      if (this.#mounts.some((m) => isUnder(canonical, m))) return null;
      return invalidInput({ field: 'mountPath', value: this.#mounts.length === 1 ? this.#mounts[0] : this.#mounts, expected: `the path the middleware is mounted at: it is mounted at ${JSON.stringify(mount)}` });
    }
    for (const [path, name] of this.#entries) {
      if (!isUnder(path, canonical) && !isUnder(canonical, path)) {
        return invalidInput({
          field: `routes[${JSON.stringify(this.#raw.get(path))}]`,
          value: name,
          expected: `a path that can match where the middleware is mounted at ${JSON.stringify(mount)}: routes match the full URL, mount prefix included (declare mountPath to check this at startup)`,
        });
      }
    }
    return null;
  }
}
