import { invalidInput } from '../core/index.js';

/**
 * The forum's fixes, each one of seed 003's bottlenecks undone with loadline's parts. Naive mode
 * has none, optimized mode has all; any subset can be switched on alone, so each one's share of
 * the gain is measurable.
 */
export const FORUM_FIXES = ['singletons', 'n+1', 'index', 'wal', 'async-scrypt', 'cache', 'http-cache', 'rate-limit', 'sessions', 'ws-cleanup'] as const;

export type ForumFix = (typeof FORUM_FIXES)[number];

/** What each fix changes, in one line (the CLI's help and docs/forum.md list these). */
export const FORUM_FIX_SUMMARIES: Readonly<Record<ForumFix, string>> = {
  singletons: 'services and their prepared statements are created once, not per request',
  'n+1': 'one JOIN fetches each topic\'s author and last post (and each post\'s author), not one query per row',
  index: 'indexes on posts(topic_id, created_at), posts(author_id, created_at), topics(updated_at), revisions(page_id, created_at)',
  wal: 'SQLite in WAL mode with synchronous=NORMAL, busy_timeout and autocheckpoint, not the rollback journal',
  'async-scrypt': 'login checks the password with async scrypt on the thread pool, not scryptSync on the event loop',
  cache: 'loadline/cache getOrSet on reads (stale-while-revalidate, single-flight), tag invalidation on writes',
  'http-cache': 'loadline/cache ResponseCache with ETags for anonymous GETs (authenticated requests bypass it)',
  'rate-limit': 'loadline/guard "auth" rate-limit profile on login, per account',
  sessions: 'sessions in a bounded LRU with a TTL, not a Map that only grows',
  'ws-cleanup': 'a closed WebSocket leaves its rooms; no listener outlives its socket',
};

/** The set of fixes in force, as the services read it. */
export type FixSet = Readonly<Record<ForumFix, boolean>>;

/** Builds the set: all fixes in optimized mode, none in naive mode, then `add` switched on and `remove` off. */
export function fixSet(mode: 'naive' | 'optimized', add: readonly ForumFix[] = [], remove: readonly ForumFix[] = []): FixSet {
  const set = {} as Record<ForumFix, boolean>;
  for (const fix of FORUM_FIXES) set[fix] = mode === 'optimized';
  for (const fix of add) set[fix] = true;
  for (const fix of remove) set[fix] = false;
  return set;
}

/** The fixes switched on, in FORUM_FIXES order. */
export function fixesOn(set: FixSet): ForumFix[] {
  return FORUM_FIXES.filter((fix) => set[fix]);
}

/** Checks a list of fix names, naming the field and the first unknown one. */
export function checkFixNames(value: unknown, field: string): ForumFix[] {
  if (!Array.isArray(value)) throw invalidInput({ field, value, expected: `an array of fix names (${FORUM_FIXES.join(', ')})` });
  value.forEach((name, i) => {
    if (!FORUM_FIXES.includes(name as ForumFix)) throw invalidInput({ field: `${field}[${i}]`, value: name, expected: `one of ${FORUM_FIXES.join(', ')}` });
  });
  return value as ForumFix[];
}
