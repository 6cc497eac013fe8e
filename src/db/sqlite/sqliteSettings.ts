import type { RawSqlite } from './rawSqlite.js';

/** The pragmas that decide how a SQLite database behaves under concurrent load. */
export interface SqliteSettings {
  journalMode: string;
  /** ms a statement waits on a lock before failing with SQLITE_BUSY. */
  busyTimeoutMs: number;
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
  synchronous: number;
  foreignKeys: boolean;
  /** Pages written to the WAL before an automatic checkpoint. */
  walAutocheckpoint: number;
}

/** One piece of advice: the setting, what it is, what to set, and why. */
export interface SqliteAdvice {
  setting: 'journal_mode' | 'busy_timeout' | 'synchronous' | 'foreign_keys' | 'wal_autocheckpoint';
  current: string;
  recommended: string;
  pragma: string;
  why: string;
}

export function readSqliteSettings(raw: RawSqlite): SqliteSettings {
  const get = (name: string) => raw.pragma(name, { simple: true });
  return {
    journalMode: String(get('journal_mode')).toLowerCase(),
    busyTimeoutMs: Number(get('busy_timeout')),
    synchronous: Number(get('synchronous')),
    foreignKeys: Number(get('foreign_keys')) === 1,
    walAutocheckpoint: Number(get('wal_autocheckpoint')),
  };
}

const SYNC_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

/**
 * Advice for a database serving a web service, as seed 003's pragma section sets it: WAL so
 * readers never wait for the writer, a busy timeout so a locked database makes a statement wait
 * instead of failing at once, NORMAL sync (durable in WAL mode, fsync only at checkpoints),
 * foreign keys enforced, the default checkpoint interval. In-memory databases need none of it.
 */
export function adviseSqlite(s: SqliteSettings, memory: boolean): SqliteAdvice[] {
  if (memory) return [];
  const out: SqliteAdvice[] = [];
  if (s.journalMode !== 'wal') {
    out.push({ setting: 'journal_mode', current: s.journalMode, recommended: 'wal', pragma: 'PRAGMA journal_mode = WAL', why: 'in rollback-journal mode a writer blocks every reader; in WAL readers and one writer run together' });
  }
  if (s.busyTimeoutMs < 5000) {
    out.push({ setting: 'busy_timeout', current: `${s.busyTimeoutMs}`, recommended: '5000', pragma: 'PRAGMA busy_timeout = 5000', why: 'a statement that meets a lock fails with SQLITE_BUSY at once instead of waiting for it to clear' });
  }
  if (s.journalMode === 'wal' && s.synchronous > 1) {
    out.push({ setting: 'synchronous', current: SYNC_NAMES[s.synchronous] ?? `${s.synchronous}`, recommended: 'NORMAL', pragma: 'PRAGMA synchronous = NORMAL', why: 'in WAL mode NORMAL stays consistent and fsyncs only at checkpoints, not on every commit' });
  }
  if (!s.foreignKeys) {
    out.push({ setting: 'foreign_keys', current: 'OFF', recommended: 'ON', pragma: 'PRAGMA foreign_keys = ON', why: 'SQLite does not enforce declared foreign keys unless asked, per connection' });
  }
  if (s.journalMode === 'wal' && (s.walAutocheckpoint <= 0 || s.walAutocheckpoint > 10_000)) {
    out.push({ setting: 'wal_autocheckpoint', current: `${s.walAutocheckpoint}`, recommended: '1000', pragma: 'PRAGMA wal_autocheckpoint = 1000', why: 'without regular checkpoints the WAL file grows and every read walks further through it' });
  }
  return out;
}
