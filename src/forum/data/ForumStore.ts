import type { ForumVolumes } from './generateForum.js';

/** A value now (SQLite, synchronous) or later (PostgreSQL). */
export type Awaitable<T> = T | Promise<T>;

export interface UserRef { id: number; name: string }

/** One topic in the list, with its author and last post. */
export interface TopicSummary {
  id: number;
  forumId: number;
  title: string;
  createdAt: string;
  updatedAt: string;
  postCount: number;
  author: UserRef;
  lastPost: { id: number; createdAt: string; author: UserRef } | null;
}

export interface ThreadPost {
  id: number;
  parentId: number | null;
  author: UserRef;
  body: string;
  createdAt: string;
  replies: ThreadPost[];
}

/** A topic with its posts as a tree (replies under the post they answer), oldest first at each level. */
export interface Thread {
  topic: Omit<TopicSummary, 'lastPost'>;
  posts: ThreadPost[];
}

export interface WikiPage {
  id: number;
  namespace: string;
  title: string;
  createdAt: string;
  author: UserRef;
  revision: { id: number; body: string; createdAt: string; author: UserRef };
  revisionCount: number;
}

export interface UserProfile { id: number; name: string; email: string; createdAt: string; postCount: number }

/** What login needs of an account. */
export interface LoginAccount { id: number; name: string; salt: string; hash: string }

export interface NewPost { topicId: number; parentId: number | null; authorId: number; body: string; now: number }

export interface CreatedPost { id: number; topicId: number; parentId: number | null; author: UserRef; body: string; createdAt: string }

/** Why a post was not created. */
export type PostRefusal = 'no-topic' | 'bad-parent';

/**
 * The forum's queries, one backend each (SQLite now; PostgreSQL fits the same shape, awaited).
 * The N+1 and the per-request statement preparation of naive mode live in the backends, where
 * a user's own code would have them.
 */
export interface ForumStore {
  /** Topics by last activity, newest first; `page` 1-based. */
  topicsPage(page: number, pageSize: number): Awaitable<TopicSummary[]>;
  thread(topicId: number, maxPosts: number): Awaitable<Thread | undefined>;
  wikiPage(id: number): Awaitable<WikiPage | undefined>;
  userProfile(id: number): Awaitable<UserProfile | undefined>;
  accountByEmail(email: string): Awaitable<LoginAccount | undefined>;
  /** Inserts the post and moves its topic's last post and activity time, atomically. */
  createPost(post: NewPost): Awaitable<CreatedPost | PostRefusal>;
}

/** A seeded database and how to get a store on it. */
export interface ForumDatabase {
  readonly kind: 'sqlite' | 'postgres';
  readonly volumes: ForumVolumes;
  readonly seedMs: number;
  /** A new store: its statements are prepared here (naive mode makes one per request). */
  createStore(): ForumStore;
  /** Answers when the database does (readiness). */
  ping(): Awaitable<void>;
  close(): Promise<void>;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
