/**
 * Every code a `LoadlineError` carries, with what it means: the one list. Callers branch on the
 * code, never on message text; a code is never renamed within a major version. A test
 * (`errorCodes.test.ts`) fails when the source uses a `LOADLINE_*` code that is not here, lists
 * one nothing uses, or uses one marked deprecated (its meaning starts with "deprecated"; it stays
 * listed, so code that names it still compiles, until the next minor version removes it).
 */
export const ERROR_CODES = {
  // Bad input: the message names the file, the field, the value and what was expected.
  LOADLINE_INVALID_OPTION: 'an option passed to a function or constructor was rejected',
  LOADLINE_INVALID_FILE: 'a scenario, data, budget, result or script file was rejected, or could not be read',
  LOADLINE_INVALID_EXPRESSION: 'a threshold, SLO, alert or budget expression could not be parsed or cannot be judged',
  LOADLINE_USAGE: 'a command or call lacks what it needs (an input, a mode, a combination of options)',
  // Missing installs: the message says what to install.
  LOADLINE_MISSING_PEER: 'an optional peer dependency (ioredis, tsx, pg, better-sqlite3) is needed for this call and is not installed',
  /** @deprecated since 0.2.0, thrown by nothing: a missing pg or better-sqlite3 is `LOADLINE_MISSING_PEER`, as every optional peer. Goes in 0.3.0. */
  LOADLINE_MISSING_DRIVER: 'deprecated, thrown by nothing since 0.2.0: a missing pg or better-sqlite3 is LOADLINE_MISSING_PEER',
  // Time and cancellation.
  LOADLINE_TIMEOUT: 'an operation did not finish within its time limit',
  LOADLINE_ABORTED: 'an operation was cancelled (an AbortSignal fired, or its result is no longer wanted)',
  LOADLINE_INTERRUPTED: 'the demo was interrupted (Ctrl-C) before it finished',
  // Protection (loadline/guard).
  LOADLINE_BREAKER_OPEN: 'the circuit breaker is open and refuses the call',
  LOADLINE_BULKHEAD_FULL: "the bulkhead's running slots and queue are both full",
  LOADLINE_QUEUE_TIMEOUT: 'a call waited in the bulkhead queue longer than queueTimeoutMs',
  LOADLINE_REDIS_UNAVAILABLE: "the rate limiter's Redis connection is down or not answering",
  // Caching (loadline/cache).
  LOADLINE_CACHE_REDIS_UNAVAILABLE: "the tiered cache's Redis cannot be reached (the cache keeps working from memory)",
  LOADLINE_CACHE_SERIALIZE: 'a value cannot be serialized for the Redis tier',
  // Monitoring (loadline/monitor).
  LOADLINE_MONITOR_STOPPED: 'the monitor was stopped and cannot be used again',
  LOADLINE_HEAP_SNAPSHOT_BUSY: 'a heap snapshot is already being written',
  LOADLINE_HEAP_SNAPSHOT_FAILED: 'a heap snapshot could not be written',
  // Databases (loadline/db).
  LOADLINE_QUERY_BUDGET: 'a request ran more queries than its budget allows (expectQueries)',
  LOADLINE_DATABASE_UNREACHABLE: 'a PostgreSQL server does not answer',
  // Compatibility (k6 scripts, Artillery files).
  LOADLINE_SCRIPT_ERROR: 'a k6 or Artillery script threw while it ran',
  // The reference service and the demo.
  LOADLINE_PORT_IN_USE: 'the port to listen on is taken by another process',
  LOADLINE_DATA_DIR_UNUSABLE: 'the data folder cannot be created or written',
  LOADLINE_DEMO_INSTRUMENTS: "the reference service's instruments did not answer",
  LOADLINE_DEMO_LOGIN: 'a sign-in to the reference service failed',
} as const satisfies Record<`LOADLINE_${string}`, string>;

/** A code listed in `ERROR_CODES`. */
export type KnownErrorCode = keyof typeof ERROR_CODES;

/**
 * A code a `LoadlineError` carries; see `ERROR_CODES` for what each means. Open to any string
 * so that a code read back from another process (a worker, a child service) needs no cast; the
 * test keeps the codes the source uses inside the list.
 */
export type LoadlineErrorCode = KnownErrorCode | (string & {});
