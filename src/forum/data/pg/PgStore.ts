import type { Pool, QueryConfig } from 'pg';
import type { FixSet } from '../../fixes.js';
import { buildThread, type FlatPost } from '../buildThread.js';
import { iso, type CreatedPost, type ForumStore, type LoginAccount, type NewPost, type PostRefusal, type Thread, type TopicSummary, type UserProfile, type UserRef, type WikiPage } from '../ForumStore.js';

type Row = Record<string, unknown>;
type Query = (values: unknown[]) => QueryConfig;

const TOPIC_COLUMNS = 'id, forum_id, title, author_id, created_at, updated_at, post_count, last_post_id';
let statementSeq = 0;

/**
 * The forum's queries on node-postgres, answering exactly as SqliteStore does. With `singletons`
 * every statement is a named one, parsed and planned once per connection; without, each runs
 * unnamed, parsed and planned on every call. Without `n+1`, lists fetch each row's author and
 * last post one awaited round trip at a time.
 */
export class PgStore implements ForumStore {
  readonly #pool: Pool;
  readonly #joined: boolean;
  readonly #named: boolean;
  readonly #user: Query;
  readonly #topics: Query;
  readonly #topic: Query;
  readonly #post: Query;
  readonly #threadPosts: Query;
  readonly #page: Query;
  readonly #latestRevision: Query;
  readonly #revisionCount: Query;
  readonly #profile: Query;
  readonly #postCountByAuthor: Query;
  readonly #account: Query;
  readonly #insertPost: Query;
  readonly #touchTopic: Query;

  constructor(pool: Pool, fixes: FixSet) {
    this.#pool = pool;
    this.#joined = fixes['n+1'];
    this.#named = fixes.singletons;
    const q = (text: string): Query => {
      const name = this.#named ? `forum_${++statementSeq}` : undefined;
      return (values) => (name === undefined ? { text, values } : { name, text, values });
    };
    this.#user = q('SELECT id, name FROM users WHERE id = $1');
    this.#topic = q(`SELECT ${TOPIC_COLUMNS} FROM topics WHERE id = $1`);
    this.#post = q('SELECT id, topic_id, parent_id, author_id, created_at FROM posts WHERE id = $1');
    if (this.#joined) {
      this.#topics = q(`SELECT t.id, t.forum_id, t.title, t.created_at, t.updated_at, t.post_count, a.id AS author_id, a.name AS author_name,
        lp.id AS last_id, lp.created_at AS last_created_at, la.id AS last_author_id, la.name AS last_author_name
        FROM topics t JOIN users a ON a.id = t.author_id LEFT JOIN posts lp ON lp.id = t.last_post_id LEFT JOIN users la ON la.id = lp.author_id
        ORDER BY t.updated_at DESC, t.id DESC LIMIT $1 OFFSET $2`);
      this.#threadPosts = q(`SELECT p.id, p.parent_id, p.body, p.created_at, u.id AS author_id, u.name AS author_name
        FROM posts p JOIN users u ON u.id = p.author_id WHERE p.topic_id = $1 ORDER BY p.created_at, p.id LIMIT $2`);
    } else {
      this.#topics = q(`SELECT ${TOPIC_COLUMNS} FROM topics ORDER BY updated_at DESC, id DESC LIMIT $1 OFFSET $2`);
      this.#threadPosts = q('SELECT id, parent_id, author_id, body, created_at FROM posts WHERE topic_id = $1 ORDER BY created_at, id LIMIT $2');
    }
    this.#page = q('SELECT id, namespace, title, author_id, created_at FROM wiki_pages WHERE id = $1');
    this.#latestRevision = q('SELECT id, author_id, body, created_at FROM wiki_revisions WHERE page_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1');
    this.#revisionCount = q('SELECT count(*) AS n FROM wiki_revisions WHERE page_id = $1');
    this.#profile = q('SELECT id, name, email, created_at FROM users WHERE id = $1');
    this.#postCountByAuthor = q('SELECT count(*) AS n FROM posts WHERE author_id = $1');
    this.#account = q('SELECT id, name, password_salt, password_hash FROM users WHERE email = $1');
    this.#insertPost = q('INSERT INTO posts (topic_id, parent_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id');
    this.#touchTopic = q('UPDATE topics SET updated_at = $1, post_count = post_count + 1, last_post_id = $2 WHERE id = $3');
  }

  async #rows(query: Query, ...values: unknown[]): Promise<Row[]> {
    return (await this.#pool.query(query(values))).rows as Row[];
  }

  async #row(query: Query, ...values: unknown[]): Promise<Row | undefined> {
    return (await this.#rows(query, ...values))[0];
  }

  async #userRef(id: number): Promise<UserRef> {
    const u = (await this.#row(this.#user, id))!;
    return { id: u.id as number, name: u.name as string };
  }

  async topicsPage(page: number, pageSize: number): Promise<TopicSummary[]> {
    const rows = await this.#rows(this.#topics, pageSize, (page - 1) * pageSize);
    if (this.#joined) {
      return rows.map((r) => ({
        id: r.id as number, forumId: r.forum_id as number, title: r.title as string, createdAt: iso(Number(r.created_at)), updatedAt: iso(Number(r.updated_at)), postCount: r.post_count as number,
        author: { id: r.author_id as number, name: r.author_name as string },
        lastPost: r.last_id === null ? null : { id: r.last_id as number, createdAt: iso(Number(r.last_created_at)), author: { id: r.last_author_id as number, name: r.last_author_name as string } },
      }));
    }
    const topics: TopicSummary[] = [];
    for (const r of rows) {
      const last = r.last_post_id === null ? undefined : await this.#row(this.#post, r.last_post_id);
      topics.push({
        id: r.id as number, forumId: r.forum_id as number, title: r.title as string, createdAt: iso(Number(r.created_at)), updatedAt: iso(Number(r.updated_at)), postCount: r.post_count as number,
        author: await this.#userRef(r.author_id as number),
        lastPost: last === undefined ? null : { id: last.id as number, createdAt: iso(Number(last.created_at)), author: await this.#userRef(last.author_id as number) },
      });
    }
    return topics;
  }

  async thread(topicId: number, maxPosts: number): Promise<Thread | undefined> {
    const t = await this.#row(this.#topic, topicId);
    if (t === undefined) return undefined;
    const rows = await this.#rows(this.#threadPosts, topicId, maxPosts);
    const flat: FlatPost[] = [];
    for (const r of rows) {
      flat.push({
        id: r.id as number,
        parentId: r.parent_id as number | null,
        author: this.#joined ? { id: r.author_id as number, name: r.author_name as string } : await this.#userRef(r.author_id as number),
        body: r.body as string,
        createdAt: Number(r.created_at),
      });
    }
    return {
      topic: { id: t.id as number, forumId: t.forum_id as number, title: t.title as string, createdAt: iso(Number(t.created_at)), updatedAt: iso(Number(t.updated_at)), postCount: t.post_count as number, author: await this.#userRef(t.author_id as number) },
      posts: buildThread(flat),
    };
  }

  async wikiPage(id: number): Promise<WikiPage | undefined> {
    const p = await this.#row(this.#page, id);
    if (p === undefined) return undefined;
    const r = (await this.#row(this.#latestRevision, id))!;
    return {
      id: p.id as number, namespace: p.namespace as string, title: p.title as string, createdAt: iso(Number(p.created_at)), author: await this.#userRef(p.author_id as number),
      revision: { id: r.id as number, body: r.body as string, createdAt: iso(Number(r.created_at)), author: await this.#userRef(r.author_id as number) },
      revisionCount: Number((await this.#row(this.#revisionCount, id))!.n),
    };
  }

  async userProfile(id: number): Promise<UserProfile | undefined> {
    const u = await this.#row(this.#profile, id);
    if (u === undefined) return undefined;
    return { id: u.id as number, name: u.name as string, email: u.email as string, createdAt: iso(Number(u.created_at)), postCount: Number((await this.#row(this.#postCountByAuthor, id))!.n) };
  }

  async accountByEmail(email: string): Promise<LoginAccount | undefined> {
    const a = await this.#row(this.#account, email);
    return a === undefined ? undefined : { id: a.id as number, name: a.name as string, salt: a.password_salt as string, hash: a.password_hash as string };
  }

  async createPost(post: NewPost): Promise<CreatedPost | PostRefusal> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const one = async (query: Query, ...values: unknown[]) => (await client.query(query(values))).rows[0] as Row | undefined;
      let refusal: PostRefusal | undefined;
      // FOR UPDATE: two posts to one topic must not both read the old counters.
      if ((await client.query({ text: 'SELECT id FROM topics WHERE id = $1 FOR UPDATE', values: [post.topicId] })).rowCount === 0) refusal = 'no-topic';
      else if (post.parentId !== null && (await one(this.#post, post.parentId))?.topic_id !== post.topicId) refusal = 'bad-parent';
      if (refusal !== undefined) {
        await client.query('ROLLBACK');
        return refusal;
      }
      const id = (await one(this.#insertPost, post.topicId, post.parentId, post.authorId, post.body, post.now))!.id as number;
      await client.query(this.#touchTopic([post.now, id, post.topicId]));
      const author = (await one(this.#user, post.authorId))!;
      await client.query('COMMIT');
      return { id, topicId: post.topicId, parentId: post.parentId, author: { id: author.id as number, name: author.name as string }, body: post.body, createdAt: iso(post.now) };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
}
