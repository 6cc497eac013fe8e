import { checkInteger, checkKnownKeys, checkNumber, checkOneOf, checkString, invalidInput } from '../core/index.js';
import { checkFixNames, fixSet, type FixSet, type ForumFix } from './fixes.js';

/** Options of `startForum`. */
export interface ForumOptions {
  /** `naive` (seed 003's bottlenecks, no fix) or `optimized` (every fix); default "naive". */
  mode?: 'naive' | 'optimized';
  /** Fixes switched on besides the mode's (see FORUM_FIXES); default none. */
  fixes?: readonly ForumFix[];
  /** Fixes switched off from the mode's, e.g. optimized without `cache`; default none. */
  withoutFixes?: readonly ForumFix[];
  /** Port to listen on; default 0 (a free one, read it from `url`). */
  port?: number;
  /** Interface to listen on; default "127.0.0.1" (loopback only). */
  host?: string;
  /** Data volume: 1 seeds 2,000 users, 20 forums, 5,000 topics, 100,000 posts, 1,000 wiki pages with 5,000 revisions; default 1. */
  scale?: number;
  /** Seed of the data generator: the same seed and scale give the same data; default 1. */
  seed?: number;
  /** Folder for the SQLite file, created if missing; default a new temporary folder, removed on close. */
  dataDir?: string;
  /** PostgreSQL connection string (`postgres://...`); default none: SQLite. */
  databaseUrl?: string;
  /** Attach loadline's runtime monitor and db query monitor (the demo's diagnosis reads them); default true. */
  instrument?: boolean;
  /** Run the service in its own Node process (so a load generator does not share its CPU); default false. */
  childProcess?: boolean;
  /** Most live sessions with the `sessions` fix (the naive map has no bound); default 10000. */
  maxSessions?: number;
  /** How long a session stays valid; default 86400000 (24 h). Milliseconds. */
  sessionTtlMs?: number;
}

/** Options after validation and defaults. */
export interface ResolvedForumOptions {
  mode: 'naive' | 'optimized';
  fixes: FixSet;
  port: number;
  host: string;
  scale: number;
  seed: number;
  dataDir: string | undefined;
  databaseUrl: string | undefined;
  instrument: boolean;
  childProcess: boolean;
  maxSessions: number;
  sessionTtlMs: number;
}

const KNOWN: ReadonlyArray<keyof ForumOptions> = ['mode', 'fixes', 'withoutFixes', 'port', 'host', 'scale', 'seed', 'dataDir', 'databaseUrl', 'instrument', 'childProcess', 'maxSessions', 'sessionTtlMs'];

function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalidInput({ field, value, expected: 'true or false' });
  return value;
}

/** Validates `options` at the boundary: each bad field is named with its value and what was expected. */
export function resolveForumOptions(options: ForumOptions = {}): ResolvedForumOptions {
  if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object' });
  checkKnownKeys(options, KNOWN);
  const mode = options.mode === undefined ? 'naive' : checkOneOf(options.mode, 'mode', ['naive', 'optimized'] as const);
  const add = options.fixes === undefined ? [] : checkFixNames(options.fixes, 'fixes');
  const remove = options.withoutFixes === undefined ? [] : checkFixNames(options.withoutFixes, 'withoutFixes');
  const both = add.find((fix) => remove.includes(fix));
  if (both !== undefined) throw invalidInput({ field: 'withoutFixes', value: both, expected: 'a fix not also listed in fixes' });
  let databaseUrl: string | undefined;
  if (options.databaseUrl !== undefined) {
    databaseUrl = checkString(options.databaseUrl, 'databaseUrl');
    if (!/^postgres(ql)?:\/\//i.test(databaseUrl)) throw invalidInput({ field: 'databaseUrl', value: redactUrl(databaseUrl), expected: 'a PostgreSQL URL such as postgres://user@127.0.0.1:5432/forum' });
    if (options.dataDir !== undefined) throw invalidInput({ field: 'dataDir', value: options.dataDir, expected: 'no data folder with databaseUrl (PostgreSQL keeps the data)' });
  }
  return {
    mode,
    fixes: fixSet(mode, add, remove),
    port: options.port === undefined ? 0 : checkInteger(options.port, 'port', { min: 0, max: 65535 }),
    host: options.host === undefined ? '127.0.0.1' : checkString(options.host, 'host'),
    scale: options.scale === undefined ? 1 : checkNumber(options.scale, 'scale', { min: 0.001, max: 20 }),
    seed: options.seed === undefined ? 1 : checkInteger(options.seed, 'seed', { min: 0 }),
    dataDir: options.dataDir === undefined ? undefined : checkString(options.dataDir, 'dataDir'),
    databaseUrl,
    instrument: options.instrument === undefined ? true : checkBoolean(options.instrument, 'instrument'),
    childProcess: options.childProcess === undefined ? false : checkBoolean(options.childProcess, 'childProcess'),
    maxSessions: options.maxSessions === undefined ? 10_000 : checkInteger(options.maxSessions, 'maxSessions', { min: 1 }),
    sessionTtlMs: options.sessionTtlMs === undefined ? 86_400_000 : checkInteger(options.sessionTtlMs, 'sessionTtlMs', { min: 1000 }),
  };
}

/** A connection string with its password replaced, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@/]*@/, '$1***@');
}
