import type BetterSqlite3 from 'better-sqlite3';
import type { FixSet } from '../../fixes.js';
import { buildThread, type FlatPost } from '../buildThread.js';
import { iso, type CreatedPost, type ForumStore, type LoginAccount, type NewPost, type PostRefusal, type Thread, type TopicSummary, type UserProfile, type UserRef, type WikiPage } from '../ForumStore.js';

type Row = Record<string, number | string | null>;
type Statement = BetterSqlite3.Statement<unknown[], Row>;

const TOPIC_COLUMNS = 'id, forum_id, title, author_id, created_at, updated_at, post_count, last_post_id';

/**
 * The forum's queries on better-sqlite3. Every statement is prepared in the constructor, as a
 * class that owns its queries does: naive mode builds one per request and pays for it each time
 * (`singletons` keeps one). Without the `n+1` fix, lists fetch each row's author and last post
 * with one query per row, as an ORM's lazy relations do.
 */
export class SqliteStore implements ForumStore {
  readonly #db: BetterSqlite3.Database;
  readonly #joined: boolean;
  readonly #user: Statement;
  readonly #topics: Statement;
  readonly #topic: Statement;
  readonly #post: Statement;
  readonly #threadPosts: Statement;
  readonly #page: Statement;
  readonly #latestRevision: Statement;
  readonly #revisionCount: Statement;
  readonly #profile: Statement;
  readonly #postCountByAuthor: Statement;
  readonly #account: Statement;
  readonly #insertPost: Statement;
  readonly #touchTopic: Statement;
  readonly #createPost: (post: NewPost) => CreatedPost | PostRefusal;

  constructor(db: BetterSqlite3.Database, fixes: FixSet) {
    this.#db = db;
    this.#joined = fixes['n+1'];
    this.#user = db.prepare('SELECT id, name FROM users WHERE id = ?');
    this.#topic = db.prepare(`SELECT ${TOPIC_COLUMNS} FROM topics WHERE id = ?`);
    this.#post = db.prepare('SELECT id, topic_id, parent_id, author_id, created_at FROM posts WHERE id = ?');
    if (this.#joined) {
      this.#topics = db.prepare(`SELECT t.id, t.forum_id, t.title, t.created_at, t.updated_at, t.post_count, a.id AS author_id, a.name AS author_name,
        lp.id AS last_id, lp.created_at AS last_created_at, la.id AS last_author_id, la.name AS last_author_name
        FROM topics t JOIN users a ON a.id = t.author_id LEFT JOIN posts lp ON lp.id = t.last_post_id LEFT JOIN users la ON la.id = lp.author_id
        ORDER BY t.updated_at DESC, t.id DESC LIMIT ? OFFSET ?`);
      this.#threadPosts = db.prepare(`SELECT p.id, p.parent_id, p.body, p.created_at, u.id AS author_id, u.name AS author_name
        FROM posts p JOIN users u ON u.id = p.author_id WHERE p.topic_id = ? ORDER BY p.created_at, p.id LIMIT ?`);
    } else {
      this.#topics = db.prepare(`SELECT ${TOPIC_COLUMNS} FROM topics ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?`);
      this.#threadPosts = db.prepare('SELECT id, parent_id, author_id, body, created_at FROM posts WHERE topic_id = ? ORDER BY created_at, id LIMIT ?');
    }
    this.#page = db.prepare('SELECT id, namespace, title, author_id, created_at FROM wiki_pages WHERE id = ?');
    this.#latestRevision = db.prepare('SELECT id, author_id, body, created_at FROM wiki_revisions WHERE page_id = ? ORDER BY created_at DESC, id DESC LIMIT 1');
    this.#revisionCount = db.prepare('SELECT count(*) AS n FROM wiki_revisions WHERE page_id = ?');
    this.#profile = db.prepare('SELECT id, name, email, created_at FROM users WHERE id = ?');
    this.#postCountByAuthor = db.prepare('SELECT count(*) AS n FROM posts WHERE author_id = ?');
    this.#account = db.prepare('SELECT id, name, password_salt, password_hash FROM users WHERE email = ?');
    this.#insertPost = db.prepare('INSERT INTO posts (topic_id, parent_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id');
    this.#touchTopic = db.prepare('UPDATE topics SET updated_at = ?, post_count = post_count + 1, last_post_id = ? WHERE id = ?');
    this.#createPost = db.transaction((post: NewPost) => this.#insert(post));
  }

  #userRef(id: number): UserRef {
    const u = this.#user.get(id)!;
    return { id: u.id as number, name: u.name as string };
  }

  topicsPage(page: number, pageSize: number): TopicSummary[] {
    const rows = this.#topics.all(pageSize, (page - 1) * pageSize);
    if (this.#joined) {
      return rows.map((r) => ({
        id: r.id as number, forumId: r.forum_id as number, title: r.title as string, createdAt: iso(r.created_at as number), updatedAt: iso(r.updated_at as number), postCount: r.post_count as number,
        author: { id: r.author_id as number, name: r.author_name as string },
        lastPost: r.last_id === null ? null : { id: r.last_id as number, createdAt: iso(r.last_created_at as number), author: { id: r.last_author_id as number, name: r.last_author_name as string } },
      }));
    }
    const topics: TopicSummary[] = [];
    for (const r of rows) {
      const last = r.last_post_id === null ? undefined : this.#post.get(r.last_post_id);
      topics.push({
        id: r.id as number, forumId: r.forum_id as number, title: r.title as string, createdAt: iso(r.created_at as number), updatedAt: iso(r.updated_at as number), postCount: r.post_count as number,
        author: this.#userRef(r.author_id as number),
        lastPost: last === undefined ? null : { id: last.id as number, createdAt: iso(last.created_at as number), author: this.#userRef(last.author_id as number) },
      });
    }
    return topics;
  }

  thread(topicId: number, maxPosts: number): Thread | undefined {
    const t = this.#topic.get(topicId);
    if (t === undefined) return undefined;
    const rows = this.#threadPosts.all(topicId, maxPosts);
    const flat: FlatPost[] = rows.map((r) => ({
      id: r.id as number,
      parentId: r.parent_id as number | null,
      author: this.#joined ? { id: r.author_id as number, name: r.author_name as string } : this.#userRef(r.author_id as number),
      body: r.body as string,
      createdAt: r.created_at as number,
    }));
    return {
      topic: { id: t.id as number, forumId: t.forum_id as number, title: t.title as string, createdAt: iso(t.created_at as number), updatedAt: iso(t.updated_at as number), postCount: t.post_count as number, author: this.#userRef(t.author_id as number) },
      posts: buildThread(flat),
    };
  }

  wikiPage(id: number): WikiPage | undefined {
    const p = this.#page.get(id);
    if (p === undefined) return undefined;
    const r = this.#latestRevision.get(id)!;
    return {
      id: p.id as number, namespace: p.namespace as string, title: p.title as string, createdAt: iso(p.created_at as number), author: this.#userRef(p.author_id as number),
      revision: { id: r.id as number, body: r.body as string, createdAt: iso(r.created_at as number), author: this.#userRef(r.author_id as number) },
      revisionCount: this.#revisionCount.get(id)!.n as number,
    };
  }

  userProfile(id: number): UserProfile | undefined {
    const u = this.#profile.get(id);
    if (u === undefined) return undefined;
    return { id: u.id as number, name: u.name as string, email: u.email as string, createdAt: iso(u.created_at as number), postCount: this.#postCountByAuthor.get(id)!.n as number };
  }

  accountByEmail(email: string): LoginAccount | undefined {
    const a = this.#account.get(email);
    return a === undefined ? undefined : { id: a.id as number, name: a.name as string, salt: a.password_salt as string, hash: a.password_hash as string };
  }

  createPost(post: NewPost): CreatedPost | PostRefusal {
    return this.#createPost(post);
  }

  #insert(post: NewPost): CreatedPost | PostRefusal {
    if (this.#topic.get(post.topicId) === undefined) return 'no-topic';
    if (post.parentId !== null && this.#post.get(post.parentId)?.topic_id !== post.topicId) return 'bad-parent';
    const id = this.#insertPost.get(post.topicId, post.parentId, post.authorId, post.body, post.now)!.id as number;
    this.#touchTopic.run(post.now, id, post.topicId);
    return { id, topicId: post.topicId, parentId: post.parentId, author: this.#userRef(post.authorId), body: post.body, createdAt: iso(post.now) };
  }
}
