import type { LruCache } from '../../cache/index.js';
import type { FixSet } from '../fixes.js';
import type { CreatedPost, ForumStore, PostRefusal } from '../data/ForumStore.js';
import { hashPasswordSync, verifyPassword, verifyPasswordSync } from '../data/passwords.js';
import type { SessionStore } from './SessionStore.js';

/** Topics per page of `GET /api/forums/topics`. */
export const TOPICS_PAGE_SIZE = 20;
/** Most posts one thread answer holds (seed 003's hard limit on thread queries). */
export const MAX_THREAD_POSTS = 1000;

/** What the service shares across requests, whichever way it is built. */
export interface ServiceDeps {
  fixes: FixSet;
  sessions: SessionStore;
  /** The read cache (the `cache` fix); absent without it. Values are JSON bodies, `null` for "not found". */
  cache: LruCache<string> | undefined;
}

/** How long a cached read is fresh, and how long after that it may still be served while it refreshes. */
const READ_TTL_MS = 60_000;
const READ_GRACE_MS = 300_000;

let dummy: { salt: string; hash: string } | undefined;
/** An account that does not exist still costs one scrypt, so response times do not tell which emails are registered. */
function dummyAccount(): { salt: string; hash: string } {
  return (dummy ??= { salt: '00000000000000000000000000000000', hash: hashPasswordSync('no such account', '00000000000000000000000000000000') });
}

/**
 * The forum's use cases on one store: reads return JSON bodies (`"null"` when not found), so a
 * cached read is sent as is. Naive mode builds one per request (the store's statements with it).
 */
export class ForumService {
  constructor(
    private readonly store: ForumStore,
    private readonly deps: ServiceDeps,
  ) {}

  #read(key: string, tags: readonly string[], load: () => unknown): Promise<string> | string {
    const cache = this.deps.cache;
    if (cache === undefined) return this.#serialize(load());
    return cache.getOrSet(key, async () => JSON.stringify((await load()) ?? null), { tags, ttlMs: READ_TTL_MS, graceMs: READ_GRACE_MS });
  }

  #serialize(value: unknown): Promise<string> | string {
    return value instanceof Promise ? value.then((v) => JSON.stringify(v ?? null)) : JSON.stringify(value ?? null);
  }

  topics(page: number): Promise<string> | string {
    return this.#read(`topics:${page}`, ['topics'], async () => ({ page, pageSize: TOPICS_PAGE_SIZE, topics: await this.store.topicsPage(page, TOPICS_PAGE_SIZE) }));
  }

  thread(topicId: number): Promise<string> | string {
    return this.#read(`thread:${topicId}`, [`topic:${topicId}`], () => this.store.thread(topicId, MAX_THREAD_POSTS));
  }

  wikiPage(id: number): Promise<string> | string {
    return this.#read(`wiki:${id}`, [`wiki:${id}`], () => this.store.wikiPage(id));
  }

  /** The caller's own profile: cached per user (never shared), invalidated by the user's posts. */
  profile(userId: number): Promise<string> | string {
    return this.#read(`user:${userId}`, [`user:${userId}`], () => this.store.userProfile(userId));
  }

  /** Checks the password; on success opens a session and returns its token. */
  async login(email: string, password: string, userAgent: string): Promise<{ token: string; user: { id: number; name: string } } | undefined> {
    const account = await this.store.accountByEmail(email);
    const { salt, hash } = account ?? dummyAccount();
    const ok = this.deps.fixes['async-scrypt'] ? await verifyPassword(password, salt, hash) : verifyPasswordSync(password, salt, hash);
    if (!ok || account === undefined) return undefined;
    const token = this.deps.sessions.create({ userId: account.id, name: account.name, createdAt: Date.now(), userAgent });
    return { token, user: { id: account.id, name: account.name } };
  }

  /** Adds a post, then drops every cached read it changes: the topic list, the thread and the author's profile. */
  async createPost(topicId: number, authorId: number, body: string, parentId: number | null): Promise<CreatedPost | PostRefusal> {
    const created = await this.store.createPost({ topicId, parentId, authorId, body, now: Date.now() });
    if (typeof created !== 'string') this.deps.cache?.invalidateTags(['topics', `topic:${topicId}`, `user:${authorId}`]);
    return created;
  }
}
