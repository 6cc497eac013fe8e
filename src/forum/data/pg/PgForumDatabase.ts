import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { importPeer } from '../../../core/index.js';
import type { FixSet } from '../../fixes.js';
import { databaseUnreachable } from '../../forumErrors.js';
import type { ForumDatabase, ForumStore } from '../ForumStore.js';
import { generateForum, SEEDED_PASSWORD, type ForumVolumes } from '../generateForum.js';
import { hashPasswordSync, seededSalt } from '../passwords.js';
import { PgStore } from './PgStore.js';
import { seedPg } from './seedPg.js';

export interface PgForumDatabaseOptions {
  databaseUrl: string;
  scale: number;
  seed: number;
  fixes: FixSet;
  /** Called with the pool before any query runs on it (the db pillar instruments it here). */
  instrument?: (pool: Pool) => void;
}

/** How long to wait for PostgreSQL to accept a connection. Milliseconds. */
const CONNECT_TIMEOUT_MS = 5000;

async function loadPg(): Promise<typeof import('pg')> {
  const mod = await importPeer<typeof import('pg')>('pg', { neededFor: 'databaseUrl: the forum on PostgreSQL', field: 'databaseUrl' });
  return (mod as unknown as { default?: typeof mod }).default ?? mod;
}

/**
 * The forum on PostgreSQL: its tables live in a schema of their own (`loadline_forum_<pid>_<hex>`),
 * created, seeded and dropped by this object, so a shared database keeps nothing of it and two
 * forums never collide. A failed seeding drops the schema: nothing is left half-written.
 */
export class PgForumDatabase implements ForumDatabase {
  readonly kind = 'postgres';
  readonly #pool: Pool;
  readonly #fixes: FixSet;
  readonly schema: string;

  private constructor(pool: Pool, schema: string, fixes: FixSet, readonly volumes: ForumVolumes, readonly seedMs: number) {
    this.#pool = pool;
    this.schema = schema;
    this.#fixes = fixes;
  }

  static async open(options: PgForumDatabaseOptions): Promise<PgForumDatabase> {
    const started = performance.now();
    const pg = await loadPg();
    const schema = `loadline_forum_${process.pid}_${randomBytes(3).toString('hex')}`;
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, options: `-c search_path=${schema}` });
    pool.on('error', () => {}); // an idle client's error (server restart) is seen by the next query
    let client;
    try {
      client = await pool.connect();
    } catch (err) {
      await pool.end().catch(() => {});
      const e = err as { code?: string; message?: string };
      throw databaseUnreachable(options.databaseUrl, e.code ?? e.message ?? String(err));
    }
    let volumes: ForumVolumes;
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
      const data = generateForum(options.scale, options.seed);
      volumes = data.volumes;
      const salt = seededSalt(options.seed);
      await seedPg(client, data, { salt, hash: hashPasswordSync(SEEDED_PASSWORD, salt) }, options.fixes.index);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
      client.release();
      await pool.end().catch(() => {});
      throw err;
    }
    client.release();
    options.instrument?.(pool);
    return new PgForumDatabase(pool, schema, options.fixes, volumes, performance.now() - started);
  }

  createStore(): ForumStore {
    return new PgStore(this.#pool, this.#fixes);
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.#pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`).catch(() => {});
    await this.#pool.end();
  }
}
