import type BetterSqlite3 from 'better-sqlite3';
import type { ForumData } from '../generateForum.js';
import { PERFORMANCE_INDEXES, SQLITE_TABLES } from '../schema.js';

/**
 * Writes `data` into an empty database in one transaction with prepared inserts, then the
 * indexes when asked (building an index after the rows is several times faster than keeping it
 * up to date row by row).
 */
export function seedSqlite(db: BetterSqlite3.Database, data: ForumData, password: { salt: string; hash: string }, withIndexes: boolean): void {
  db.exec(SQLITE_TABLES);
  db.transaction(() => {
    const user = db.prepare('INSERT INTO users (id, name, email, password_salt, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const u of data.users) user.run(u.id, u.name, u.email, password.salt, password.hash, u.createdAt);
    const forum = db.prepare('INSERT INTO forums (id, name) VALUES (?, ?)');
    for (const f of data.forums) forum.run(f.id, f.name);
    const topic = db.prepare('INSERT INTO topics (id, forum_id, title, author_id, created_at, updated_at, post_count, last_post_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const t of data.topics) topic.run(t.id, t.forumId, t.title, t.authorId, t.createdAt, t.updatedAt, t.postCount, t.lastPostId);
    const post = db.prepare('INSERT INTO posts (id, topic_id, parent_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const p = data.posts;
    for (let i = 0; i < p.body.length; i++) post.run(i + 1, p.topicId[i], p.parentId[i] || null, p.authorId[i], p.body[i], p.createdAt[i]);
    const page = db.prepare('INSERT INTO wiki_pages (id, namespace, title, author_id, created_at) VALUES (?, ?, ?, ?, ?)');
    for (const w of data.wikiPages) page.run(w.id, w.namespace, w.title, w.authorId, w.createdAt);
    const revision = db.prepare('INSERT INTO wiki_revisions (id, page_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)');
    for (const r of data.revisions) revision.run(r.id, r.pageId, r.authorId, r.body, r.createdAt);
  })();
  if (withIndexes) for (const sql of PERFORMANCE_INDEXES) db.exec(sql);
}
