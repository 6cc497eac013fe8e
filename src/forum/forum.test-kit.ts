import { startForum, type ForumServer } from './startForum.js';
import type { ForumOptions } from './ForumOptions.js';
import { SEEDED_PASSWORD, seededEmail } from './data/generateForum.js';

/** Small enough to seed in tens of milliseconds: 40 users, 100 topics, 2,000 posts, 20 wiki pages. */
export const TEST_SCALE = 0.02;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function call(forum: ForumServer, path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Reply> {
  const res = await fetch(forum.url + path, {
    method: init.method ?? 'GET',
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Logs seeded user `id` in and returns the token. */
export async function loginAs(forum: ForumServer, id: number): Promise<string> {
  const r = await call(forum, '/api/auth/login', { method: 'POST', body: { email: seededEmail(id), password: SEEDED_PASSWORD } });
  if (r.status !== 200) throw new Error(`login of user ${id}: ${r.status} ${r.text}`);
  return r.json.token as string;
}

/** Starts a forum at the test scale and closes it when the test ends, passed or failed. */
export async function testForum(t: { after(fn: () => unknown): void }, options: ForumOptions = {}): Promise<ForumServer> {
  const forum = await startForum({ scale: TEST_SCALE, ...options });
  t.after(() => forum.close());
  return forum;
}
