import type { IncomingMessage } from 'node:http';

/** The forum's endpoints (seed 003's k6 script), each with the template its metrics are labelled with. */
export type RouteName = 'topics' | 'thread' | 'createPost' | 'wikiPage' | 'login' | 'me';

export interface RouteMatch {
  name: RouteName;
  /** Route template, e.g. `/api/forums/:id/posts`. */
  template: string;
  /** The `:id` of the path, when it has one. */
  id: number | undefined;
  /** The query string, without `?`. */
  query: string;
}

const TOPICS = '/api/forums/topics';
const THREAD = /^\/api\/forums\/(\d{1,15})\/posts$/;
const WIKI = /^\/api\/wiki\/pages\/(\d{1,15})$/;

/** Matches a request to an endpoint, or `undefined` (404). An id that is not a positive integer does not match. */
export function matchRoute(req: IncomingMessage): RouteMatch | undefined {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  const method = req.method;
  const get = method === 'GET' || method === 'HEAD';
  if (path === TOPICS) return get ? { name: 'topics', template: TOPICS, id: undefined, query } : undefined;
  let m = THREAD.exec(path);
  if (m !== null) {
    const name = get ? 'thread' : method === 'POST' ? 'createPost' : undefined;
    return name === undefined ? undefined : { name, template: '/api/forums/:id/posts', id: Number(m[1]), query };
  }
  m = WIKI.exec(path);
  if (m !== null) return get ? { name: 'wikiPage', template: '/api/wiki/pages/:id', id: Number(m[1]), query } : undefined;
  if (path === '/api/auth/login') return method === 'POST' ? { name: 'login', template: path, id: undefined, query } : undefined;
  if (path === '/api/users/me') return get ? { name: 'me', template: path, id: undefined, query } : undefined;
  return undefined;
}

/** The `page` query parameter: a positive integer, default 1; `undefined` when malformed. */
export function pageParam(query: string): number | undefined {
  const m = /(?:^|&)page=([^&]*)/.exec(query);
  if (m === null) return 1;
  return /^[1-9]\d{0,5}$/.test(m[1]!) ? Number(m[1]) : undefined;
}
