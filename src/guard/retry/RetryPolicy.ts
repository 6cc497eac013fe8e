import { checkFunction, checkInteger, checkKnownKeys, checkNumber, systemClock, type Clock } from '../../core/index.js';
import { abortedError, GUARD_ERROR_CODES } from '../guardErrors.js';
import type { Policy, PolicyContext } from '../Policy.js';
import { NEVER_ABORTED } from '../Policy.js';

export interface RetryPolicyOptions {
  /** Attempts in all, the first included; default 3. */
  maxAttempts?: number;
  /** No new attempt starts (and no backoff sleeps) past this many ms after the first attempt; default no limit. */
  maxElapsedMs?: number;
  /** Backoff cap before jitter for the first retry, doubling each retry; default 100 ms. */
  baseDelayMs?: number;
  /** Largest backoff cap, in ms; default 30000. */
  maxDelayMs?: number;
  /** Which errors are retried; default every error except an abort (`LOADLINE_ABORTED`). */
  isRetryable?: (error: unknown) => boolean;
  /** Called before each backoff sleep with the attempt that failed (1-based), its error and the delay. */
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
  /** Random source in [0, 1) for the jitter; default Math.random. */
  random?: () => number;
  /** Time source for the backoff sleeps; default the system clock. */
  clock?: Clock;
}

/** The context a retried call gets: the caller's signal and which attempt this is (1-based). */
export interface RetryContext extends PolicyContext {
  readonly attempt: number;
}

const KNOWN = ['maxAttempts', 'maxElapsedMs', 'baseDelayMs', 'maxDelayMs', 'isRetryable', 'onRetry', 'random', 'clock'];

function defaultRetryable(error: unknown): boolean {
  return !(typeof error === 'object' && error !== null && (error as { code?: unknown }).code === GUARD_ERROR_CODES.aborted);
}

/**
 * Retries failed calls with exponential backoff and full jitter: the delay before retry `n` is
 * uniform in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))). An aborted signal stops both the
 * sleep and further attempts, rejecting with `LOADLINE_ABORTED`.
 *
 * @example
 * const retry = new RetryPolicy({ maxAttempts: 4, baseDelayMs: 200 });
 * const user = await retry.execute(({ signal, attempt }) => api.getUser(id, { signal }), request.signal);
 */
export class RetryPolicy implements Policy {
  readonly #maxAttempts: number;
  readonly #maxElapsedMs: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #isRetryable: (e: unknown) => boolean;
  readonly #onRetry: ((attempt: number, error: unknown, delayMs: number) => void) | undefined;
  readonly #random: () => number;
  readonly #clock: Clock;

  constructor(options: RetryPolicyOptions = {}) {
    checkKnownKeys(options, KNOWN);
    this.#maxAttempts = options.maxAttempts === undefined ? 3 : checkInteger(options.maxAttempts, 'maxAttempts', { min: 1 });
    this.#maxElapsedMs = options.maxElapsedMs === undefined ? Infinity : checkNumber(options.maxElapsedMs, 'maxElapsedMs', { min: 0 });
    this.#baseDelayMs = options.baseDelayMs === undefined ? 100 : checkNumber(options.baseDelayMs, 'baseDelayMs', { min: 0 });
    this.#maxDelayMs = options.maxDelayMs === undefined ? 30_000 : checkNumber(options.maxDelayMs, 'maxDelayMs', { min: 0 });
    this.#isRetryable = options.isRetryable === undefined ? defaultRetryable : checkFunction(options.isRetryable, 'isRetryable');
    this.#onRetry = options.onRetry === undefined ? undefined : checkFunction(options.onRetry, 'onRetry');
    this.#random = options.random === undefined ? Math.random : checkFunction(options.random, 'random');
    this.#clock = options.clock ?? systemClock;
  }

  /** The backoff cap (before jitter) for the retry after failed attempt `attempt` (1-based). */
  backoffCapMs(attempt: number): number {
    return Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (attempt - 1));
  }

  async execute<T>(fn: (ctx: RetryContext) => T | PromiseLike<T>, signal?: AbortSignal): Promise<T> {
    const start = this.#clock.now();
    const sig = signal ?? NEVER_ABORTED;
    for (let attempt = 1; ; attempt++) {
      if (sig.aborted) throw abortedError(sig.reason);
      try {
        return await fn({ signal: sig, attempt });
      } catch (err) {
        if (sig.aborted) throw abortedError(sig.reason);
        if (attempt >= this.#maxAttempts || !this.#isRetryable(err)) throw err;
        const delay = this.#random() * this.backoffCapMs(attempt);
        if (this.#clock.now() + delay - start > this.#maxElapsedMs) throw err;
        this.#onRetry?.(attempt, err, delay);
        await this.#sleep(delay, signal);
      }
    }
  }

  #sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.#clock.clearTimeout(timer);
        reject(abortedError(signal!.reason));
      };
      const timer = this.#clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
