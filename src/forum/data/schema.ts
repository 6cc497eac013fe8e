/**
 * The forum's tables. Primary keys and the unique email are there in every mode (no forum ships
 * without them); the `index` fix adds the secondary indexes seed 003 found missing.
 */
export const SQLITE_TABLES = `
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, password_salt TEXT NOT NULL, password_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE forums (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE topics (id INTEGER PRIMARY KEY, forum_id INTEGER NOT NULL REFERENCES forums(id), title TEXT NOT NULL, author_id INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, post_count INTEGER NOT NULL, last_post_id INTEGER);
CREATE TABLE posts (id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL REFERENCES topics(id), parent_id INTEGER REFERENCES posts(id), author_id INTEGER NOT NULL REFERENCES users(id),
  body TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE wiki_pages (id INTEGER PRIMARY KEY, namespace TEXT NOT NULL, title TEXT NOT NULL, author_id INTEGER NOT NULL REFERENCES users(id), created_at INTEGER NOT NULL);
CREATE TABLE wiki_revisions (id INTEGER PRIMARY KEY, page_id INTEGER NOT NULL REFERENCES wiki_pages(id), author_id INTEGER NOT NULL REFERENCES users(id), body TEXT NOT NULL, created_at INTEGER NOT NULL);
`;

/** Seed 003's missing indexes (Week 2, Day 8-9), as this schema names its columns. */
export const PERFORMANCE_INDEXES = [
  'CREATE INDEX idx_topics_updated ON topics(updated_at, id)',
  'CREATE INDEX idx_posts_topic_created ON posts(topic_id, created_at)',
  'CREATE INDEX idx_posts_author_created ON posts(author_id, created_at)',
  'CREATE INDEX idx_revisions_page_created ON wiki_revisions(page_id, created_at)',
];
