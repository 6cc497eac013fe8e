import type { Redis } from 'ioredis';
import { DeadlineQueue, type Clock, type DeadlineEntry } from '../../core/index.js';

/** Marks a Redis call that failed, timed out or was skipped because Redis is not ready. */
export const REDIS_FAILED: unique symbol = Symbol('loadline.cache.redisFailed');

/** One command waiting for Redis's reply or its deadline, whichever comes first. */
class PendingCommand implements DeadlineEntry {
  deadline = 0;
  done = false;
  constructor(
    readonly guard: RedisGuard,
    readonly reply: (value: unknown) => void,
  ) {}

  expire(): void {
    this.guard.recordError(new Error(`redis command timed out after ${this.guard.timeoutMs} ms`));
    this.reply(REDIS_FAILED);
  }
}

/**
 * Runs Redis commands so that an outage never reaches the caller: a command is skipped at once
 * while the client is reconnecting or closed, and one that errors or outlives `timeoutMs` resolves
 * to `REDIS_FAILED` and is counted, so the cache carries on from memory and the loader.
 *
 * Every command has the same timeout, so deadlines arrive in order: they wait in core's
 * `DeadlineQueue`, one FIFO watched by a single timer, instead of a timer per command (which costs
 * a visible share of a Redis hit).
 */
export class RedisGuard {
  /** Commands that failed, timed out or were skipped. */
  errors = 0;
  /** The last error seen, for diagnostics. */
  lastError: unknown;
  /** How long a command may take before it counts as failed, in ms. */
  readonly timeoutMs: number;
  readonly #redis: Redis;
  readonly #deadlines: DeadlineQueue;

  constructor(redis: Redis, clock: Clock, timeoutMs: number) {
    this.#redis = redis;
    this.timeoutMs = timeoutMs;
    this.#deadlines = new DeadlineQueue(clock, timeoutMs);
  }

  /** Whether commands are sent now (while the first connection is being made they wait for it, within the timeout). */
  get available(): boolean {
    const status = this.#redis.status;
    return status !== 'reconnecting' && status !== 'close' && status !== 'end';
  }

  run<T>(command: (redis: Redis) => Promise<T>): Promise<T | typeof REDIS_FAILED>;
  /** With `map`, the reply is transformed in the same step (one promise less on the hot path); `map` gets `REDIS_FAILED` too. */
  run<T, U>(command: (redis: Redis) => Promise<T>, map: (reply: T | typeof REDIS_FAILED) => U): Promise<U>;
  run<T, U>(command: (redis: Redis) => Promise<T>, map?: (reply: T | typeof REDIS_FAILED) => U): Promise<unknown> {
    if (!this.available) {
      this.errors++;
      this.lastError = new Error(`redis status is ${this.#redis.status}`);
      return map === undefined ? Promise.resolve(REDIS_FAILED) : Promise.resolve(REDIS_FAILED).then(map);
    }
    let sent: Promise<T>;
    try {
      sent = command(this.#redis);
    } catch (error) {
      this.recordError(error);
      return map === undefined ? Promise.resolve(REDIS_FAILED) : Promise.resolve(REDIS_FAILED).then(map);
    }
    return new Promise<unknown>((resolve, reject) => {
      const settleWith =
        map === undefined
          ? resolve
          : (reply: unknown) => {
              try {
                resolve(map(reply as T | typeof REDIS_FAILED));
              } catch (error) {
                reject(error);
              }
            };
      const pending = new PendingCommand(this, settleWith);
      this.#deadlines.add(pending);
      sent.then(
        (value) => {
          if (pending.done) return;
          this.#deadlines.settle(pending);
          settleWith(value);
        },
        (error: unknown) => {
          if (pending.done) return;
          this.#deadlines.settle(pending);
          this.recordError(error);
          settleWith(REDIS_FAILED);
        },
      );
    });
  }

  /** Counts a Redis failure: its own commands', and ones the cache sees elsewhere (a pub/sub error, a stored value that cannot be decoded). */
  recordError(error: unknown): void {
    this.errors++;
    this.lastError = error;
  }
}
