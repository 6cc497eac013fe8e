import { checkInteger, checkKnownKeys, checkNumber, checkOneOf, checkString, invalidInput, LoadlineError } from '../core/index.js';
import { MIN_TOKEN_LENGTH } from '../monitor/index.js';
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
  /**
   * Bearer token of the monitor's endpoints (`/metrics`, `/api/performance/*`, the dashboard,
   * health details), at least 16 visible ASCII characters; default `process.env.LOADLINE_TOKEN`,
   * none when unset (the endpoints are then open). Unused with `instrument: false`.
   */
  token?: string;
  /** A statement taking at least this long goes to the query monitor's slow log (with its plan); default 10. Milliseconds. */
  slowQueryMs?: number;
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
  /** The monitor's token (the option's, else LOADLINE_TOKEN's when instrumented). */
  token: string | undefined;
  slowQueryMs: number;
}

const KNOWN: ReadonlyArray<keyof ForumOptions> = ['mode', 'fixes', 'withoutFixes', 'port', 'host', 'scale', 'seed', 'dataDir', 'databaseUrl', 'instrument', 'childProcess', 'maxSessions', 'sessionTtlMs', 'token', 'slowQueryMs'];

function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalidInput({ field, value, expected: 'true or false' });
  return value;
}

// Visible ASCII only, as the monitor requires: the token travels in an Authorization header.
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

/** A token the monitor accepts, or an error that names `field` and never shows the value (a secret). */
function checkToken(value: unknown, field: string): string {
  let got: string | undefined;
  if (typeof value !== 'string') got = value === null ? 'null' : `a ${typeof value}`;
  else if (value.length === 0) got = 'an empty string';
  else if (value.length < MIN_TOKEN_LENGTH) got = `a string of ${value.length} characters`;
  else if (!TOKEN_CHARS.test(value)) got = 'a string with spaces or non-ASCII characters';
  if (got === undefined) return value as string;
  const expected = `a string of at least ${MIN_TOKEN_LENGTH} characters, visible ASCII without spaces (e.g. openssl rand -base64 24)`;
  throw new LoadlineError('LOADLINE_INVALID_OPTION', `${field}: got ${got} (value redacted), expected ${expected}`, { field, value: '[REDACTED]', expected });
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
  const instrument = options.instrument === undefined ? true : checkBoolean(options.instrument, 'instrument');
  let token: string | undefined;
  if (options.token !== undefined) token = checkToken(options.token, 'token');
  // The default is read here, once, so a forum in its own process gets it in its options, not from its environment.
  else if (instrument && process.env.LOADLINE_TOKEN !== undefined) token = checkToken(process.env.LOADLINE_TOKEN, 'token (from LOADLINE_TOKEN)');
  return {
    mode,
    fixes: fixSet(mode, add, remove),
    port: options.port === undefined ? 0 : checkInteger(options.port, 'port', { min: 0, max: 65535 }),
    host: options.host === undefined ? '127.0.0.1' : checkString(options.host, 'host'),
    scale: options.scale === undefined ? 1 : checkNumber(options.scale, 'scale', { min: 0.001, max: 20 }),
    seed: options.seed === undefined ? 1 : checkInteger(options.seed, 'seed', { min: 0 }),
    dataDir: options.dataDir === undefined ? undefined : checkString(options.dataDir, 'dataDir'),
    databaseUrl,
    instrument,
    childProcess: options.childProcess === undefined ? false : checkBoolean(options.childProcess, 'childProcess'),
    maxSessions: options.maxSessions === undefined ? 10_000 : checkInteger(options.maxSessions, 'maxSessions', { min: 1 }),
    sessionTtlMs: options.sessionTtlMs === undefined ? 86_400_000 : checkInteger(options.sessionTtlMs, 'sessionTtlMs', { min: 1000 }),
    token,
    slowQueryMs: options.slowQueryMs === undefined ? 10 : checkNumber(options.slowQueryMs, 'slowQueryMs', { min: 0 }),
  };
}

/** A connection string with its password replaced, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@/]*@/, '$1***@');
}
