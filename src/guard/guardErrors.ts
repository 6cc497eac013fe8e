import { LoadlineError, isLoadlineError } from '../core/index.js';

/**
 * The coded errors the guard policies reject with. Callers branch on `code` (or the `is*` guards),
 * never on message text.
 */
export const GUARD_ERROR_CODES = {
  /** The circuit breaker is open (or half-open with every probe slot taken). */
  breakerOpen: 'LOADLINE_BREAKER_OPEN',
  /** The bulkhead's running slots and queue are both full. */
  bulkheadFull: 'LOADLINE_BULKHEAD_FULL',
  /** A call waited in the bulkhead queue longer than `queueTimeoutMs`. */
  queueTimeout: 'LOADLINE_QUEUE_TIMEOUT',
  /** A call ran longer than its timeout. */
  timeout: 'LOADLINE_TIMEOUT',
  /** The caller's AbortSignal fired. */
  aborted: 'LOADLINE_ABORTED',
} as const;

export function breakerOpenError(name: string, retryAfterMs: number): LoadlineError {
  return new LoadlineError(GUARD_ERROR_CODES.breakerOpen, `circuit breaker "${name}" is open; retry in ${Math.ceil(retryAfterMs)} ms`);
}

export function bulkheadFullError(maxConcurrent: number, maxQueue: number): LoadlineError {
  return new LoadlineError(GUARD_ERROR_CODES.bulkheadFull, `bulkhead full: ${maxConcurrent} running and ${maxQueue} queued`);
}

export function queueTimeoutError(queueTimeoutMs: number): LoadlineError {
  return new LoadlineError(GUARD_ERROR_CODES.queueTimeout, `waited more than ${queueTimeoutMs} ms in the bulkhead queue`);
}

export function timeoutError(timeoutMs: number): LoadlineError {
  return new LoadlineError(GUARD_ERROR_CODES.timeout, `operation timed out after ${timeoutMs} ms`);
}

export function abortedError(reason?: unknown): LoadlineError {
  return new LoadlineError(GUARD_ERROR_CODES.aborted, 'operation aborted', {}, { cause: reason });
}

export const isBreakerOpenError = (e: unknown): e is LoadlineError => isLoadlineError(e, GUARD_ERROR_CODES.breakerOpen);
export const isBulkheadFullError = (e: unknown): e is LoadlineError => isLoadlineError(e, GUARD_ERROR_CODES.bulkheadFull);
export const isQueueTimeoutError = (e: unknown): e is LoadlineError => isLoadlineError(e, GUARD_ERROR_CODES.queueTimeout);
export const isTimeoutError = (e: unknown): e is LoadlineError => isLoadlineError(e, GUARD_ERROR_CODES.timeout);
export const isAbortedError = (e: unknown): e is LoadlineError => isLoadlineError(e, GUARD_ERROR_CODES.aborted);
