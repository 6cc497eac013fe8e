import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The PostgreSQL the tests run against (trust auth on loopback). */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A schema of its own for one test file (unique name, dropped after), and a pool whose
 * connections search it first, so each file's tables never meet another's.
 */
export async function pgSchema(prefix: string, poolOptions: pg.PoolConfig = {}): Promise<{ schema: string; pool: pg.Pool; admin: pg.Client; drop(): Promise<void> }> {
  const schema = `${prefix}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}`, ...poolOptions });
  return {
    schema,
    pool,
    admin,
    async drop() {
      await pool.end().catch(() => {});
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

/**
 * The N+1 fixture of the query tests: `count` authors, and `count` posts in forum 1, each by its
 * own author (so a per-post author lookup runs `count` times per listing).
 */
export async function seedForumPosts(pool: pg.Pool, count: number): Promise<void> {
  await pool.query('CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL)');
  await pool.query('CREATE TABLE posts (id serial PRIMARY KEY, forum_id int NOT NULL, author_id int NOT NULL, title text NOT NULL)');
  await pool.query("INSERT INTO authors SELECT g, 'author' || g FROM generate_series(1, $1) g", [count]);
  await pool.query("INSERT INTO posts (forum_id, author_id, title) SELECT 1, g, 'post' || g FROM generate_series(1, $1) g", [count]);
}

/** A temporary directory for SQLite files, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The 1-based line of the compiled test file with the comment `// marker` (beside the call it marks). */
export function lineOf(fileUrl: string, marker: string): number {
  const lines = readFileSync(new URL(fileUrl), 'utf8').split('\n');
  const at = lines.findIndex((l: string) => l.includes(`// ${marker}`));
  if (at < 0) throw new Error(`marker ${marker} not found`);
  return at + 1;
}
