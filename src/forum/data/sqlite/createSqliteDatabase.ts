import { accessSync, constants, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FixSet } from '../../fixes.js';
import { dataDirUnusable } from '../../forumErrors.js';
import { generateForum, SEEDED_PASSWORD, type ForumVolumes } from '../generateForum.js';
import { hashPasswordSync, seededSalt } from '../passwords.js';
import { seedSqlite } from './seedSqlite.js';

/** A seeded SQLite forum on disk. */
export interface SqliteForumDatabase {
  db: Database.Database;
  /** The database file. */
  path: string;
  volumes: ForumVolumes;
  /** Generating and writing the data, indexes included. Milliseconds. */
  seedMs: number;
  /** Closes the connection and removes what this start created (the whole folder when it made it). */
  close(): void;
}

const FILE = 'forum.db';

function usableDir(dataDir: string | undefined): { dir: string; owned: boolean } {
  if (dataDir === undefined) return { dir: mkdtempSync(join(tmpdir(), 'loadline-forum-')), owned: true };
  try {
    mkdirSync(dataDir, { recursive: true });
    if (!statSync(dataDir).isDirectory()) throw dataDirUnusable(dataDir, 'not a folder');
    accessSync(dataDir, constants.W_OK | constants.X_OK);
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('LOADLINE_')) throw err;
    throw dataDirUnusable(dataDir, (err as NodeJS.ErrnoException).code ?? String(err));
  }
  return { dir: dataDir, owned: false };
}

function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/**
 * Creates and seeds the forum's SQLite file in `dataDir` (default: a new temporary folder).
 * The data is written to a temporary file and renamed into place only once complete, so a
 * failure leaves nothing half-written. The connection then gets the mode's settings: WAL and
 * its pragmas with the `wal` fix, better-sqlite3's defaults (rollback journal) without.
 */
export function createSqliteDatabase(options: { dataDir: string | undefined; scale: number; seed: number; fixes: FixSet }): SqliteForumDatabase {
  const started = performance.now();
  const { dir, owned } = usableDir(options.dataDir);
  const path = join(dir, FILE);
  const seeding = join(dir, `${FILE}.seeding-${process.pid}`);
  let volumes: ForumVolumes;
  try {
    removeDatabaseFiles(seeding);
    const data = generateForum(options.scale, options.seed);
    volumes = data.volumes;
    const salt = seededSalt(options.seed);
    const scratch = new Database(seeding);
    try {
      // A fresh file nobody reads yet: no journal and no fsync while it fills, as a bulk load does.
      scratch.pragma('journal_mode = OFF');
      scratch.pragma('synchronous = OFF');
      seedSqlite(scratch, data, { salt, hash: hashPasswordSync(SEEDED_PASSWORD, salt) }, options.fixes.index);
    } finally {
      scratch.close();
    }
    removeDatabaseFiles(path);
    renameSync(seeding, path);
  } catch (err) {
    removeDatabaseFiles(seeding);
    if (owned) rmSync(dir, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== undefined && /^(EACCES|EPERM|EROFS|ENOSPC|EDQUOT|SQLITE_CANTOPEN|SQLITE_READONLY|SQLITE_FULL|SQLITE_IOERR.*)$/.test(code)) throw dataDirUnusable(dir, code);
    throw err;
  }
  const db = new Database(path);
  if (options.fixes.wal) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('wal_autocheckpoint = 1000');
  }
  return {
    db,
    path,
    volumes,
    seedMs: performance.now() - started,
    close() {
      if (db.open) db.close();
      if (owned) rmSync(dir, { recursive: true, force: true });
    },
  };
}
