import type { PoolClient } from 'pg';
import type { ForumData } from '../generateForum.js';
import { PERFORMANCE_INDEXES, PG_TABLES } from '../schema.js';

/** Rows per INSERT: unnest() over arrays sends a chunk as one statement with six parameters. */
const CHUNK = 10_000;

async function insertColumns(client: PoolClient, table: string, columns: Array<[name: string, type: string, values: unknown[]]>): Promise<void> {
  const rows = columns[0]![2].length;
  const names = columns.map(([n]) => n).join(', ');
  const unnest = columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ');
  for (let start = 0; start < rows; start += CHUNK) {
    await client.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest})`, columns.map(([, , v]) => v.slice(start, start + CHUNK)));
  }
}

/**
 * Writes `data` into the current schema in one transaction, chunked INSERT ... SELECT unnest
 * (the fastest bulk path without COPY), then the indexes when asked, then ANALYZE, which
 * autovacuum would run soon anyway: plans must not change halfway through a measurement.
 */
export async function seedPg(client: PoolClient, data: ForumData, password: { salt: string; hash: string }, withIndexes: boolean): Promise<void> {
  await client.query('BEGIN');
  await client.query(PG_TABLES);
  const u = data.users;
  await insertColumns(client, 'users', [
    ['id', 'int', u.map((r) => r.id)], ['name', 'text', u.map((r) => r.name)], ['email', 'text', u.map((r) => r.email)],
    ['password_salt', 'text', u.map(() => password.salt)], ['password_hash', 'text', u.map(() => password.hash)], ['created_at', 'bigint', u.map((r) => r.createdAt)],
  ]);
  await insertColumns(client, 'forums', [['id', 'int', data.forums.map((f) => f.id)], ['name', 'text', data.forums.map((f) => f.name)]]);
  const t = data.topics;
  await insertColumns(client, 'topics', [
    ['id', 'int', t.map((r) => r.id)], ['forum_id', 'int', t.map((r) => r.forumId)], ['title', 'text', t.map((r) => r.title)], ['author_id', 'int', t.map((r) => r.authorId)],
    ['created_at', 'bigint', t.map((r) => r.createdAt)], ['updated_at', 'bigint', t.map((r) => r.updatedAt)], ['post_count', 'int', t.map((r) => r.postCount)], ['last_post_id', 'int', t.map((r) => r.lastPostId)],
  ]);
  const p = data.posts;
  await insertColumns(client, 'posts', [
    ['id', 'int', Array.from(p.body, (_, i) => i + 1)], ['topic_id', 'int', Array.from(p.topicId)], ['parent_id', 'int', Array.from(p.parentId, (v) => v || null)],
    ['author_id', 'int', Array.from(p.authorId)], ['body', 'text', p.body], ['created_at', 'bigint', Array.from(p.createdAt)],
  ]);
  await client.query("SELECT setval(pg_get_serial_sequence('posts', 'id'), (SELECT max(id) FROM posts))");
  const w = data.wikiPages;
  await insertColumns(client, 'wiki_pages', [
    ['id', 'int', w.map((r) => r.id)], ['namespace', 'text', w.map((r) => r.namespace)], ['title', 'text', w.map((r) => r.title)], ['author_id', 'int', w.map((r) => r.authorId)], ['created_at', 'bigint', w.map((r) => r.createdAt)],
  ]);
  const r = data.revisions;
  await insertColumns(client, 'wiki_revisions', [
    ['id', 'int', r.map((x) => x.id)], ['page_id', 'int', r.map((x) => x.pageId)], ['author_id', 'int', r.map((x) => x.authorId)], ['body', 'text', r.map((x) => x.body)], ['created_at', 'bigint', r.map((x) => x.createdAt)],
  ]);
  if (withIndexes) for (const sql of PERFORMANCE_INDEXES) await client.query(sql);
  await client.query('COMMIT');
  await client.query('ANALYZE');
}
