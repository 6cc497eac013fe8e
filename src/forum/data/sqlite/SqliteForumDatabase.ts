import type BetterSqlite3 from 'better-sqlite3';
import type { FixSet } from '../../fixes.js';
import type { ForumDatabase, ForumStore } from '../ForumStore.js';
import type { ForumVolumes } from '../generateForum.js';
import { createSqliteDatabase } from './createSqliteDatabase.js';
import { SqliteStore } from './SqliteStore.js';

export interface SqliteForumDatabaseOptions {
  dataDir: string | undefined;
  scale: number;
  seed: number;
  fixes: FixSet;
  /** Called with the connection before any statement is prepared on it (the db pillar instruments it here). */
  instrument?: (db: BetterSqlite3.Database) => void;
}

/** The forum on SQLite: one connection for the process (better-sqlite3 is synchronous; a second would only add locking). */
export class SqliteForumDatabase implements ForumDatabase {
  readonly kind = 'sqlite';
  readonly volumes: ForumVolumes;
  readonly seedMs: number;
  readonly path: string;
  readonly db: BetterSqlite3.Database;
  readonly #fixes: FixSet;
  readonly #close: () => void;
  readonly #ping: BetterSqlite3.Statement;

  constructor(options: SqliteForumDatabaseOptions) {
    const created = createSqliteDatabase(options);
    try {
      options.instrument?.(created.db);
    } catch (err) {
      created.close();
      throw err;
    }
    this.db = created.db;
    this.path = created.path;
    this.volumes = created.volumes;
    this.seedMs = created.seedMs;
    this.#fixes = options.fixes;
    this.#close = created.close;
    this.#ping = this.db.prepare('SELECT 1');
  }

  createStore(): ForumStore {
    return new SqliteStore(this.db, this.#fixes);
  }

  ping(): void {
    this.#ping.get();
  }

  async close(): Promise<void> {
    this.#close();
  }
}
