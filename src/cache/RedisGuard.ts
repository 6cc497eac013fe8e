import type { Redis } from 'ioredis';
import type { Clock } from '../core/index.js';

/** Marks a Redis call that failed, timed out or was skipped because Redis is not ready. */
export const REDIS_FAILED: unique symbol = Symbol('loadline.cache.redisFailed');

/**
 * Runs Redis commands so that an outage never reaches the caller: a command is skipped at once
 * while the client is not ready, and one that errors or outlives `timeoutMs` resolves to
 * `REDIS_FAILED` and is counted, so the cache carries on from memory and the loader.
 */
export class RedisGuard {
  /** Commands that failed, timed out or were skipped. */
  errors = 0;
  /** The last error seen, for diagnostics. */
  lastError: unknown;
  readonly #redis: Redis;
  readonly #clock: Clock;
  readonly #timeoutMs: number;

  constructor(redis: Redis, clock: Clock, timeoutMs: number) {
    this.#redis = redis;
    this.#clock = clock;
    this.#timeoutMs = timeoutMs;
  }

  /** Whether commands are sent now (while the first connection is being made they wait for it, within the timeout). */
  get available(): boolean {
    const status = this.#redis.status;
    return status !== 'reconnecting' && status !== 'close' && status !== 'end';
  }

  run<T>(command: (redis: Redis) => Promise<T>): Promise<T | typeof REDIS_FAILED> {
    if (!this.available) {
      this.errors++;
      this.lastError = new Error(`redis status is ${this.#redis.status}`);
      return Promise.resolve(REDIS_FAILED);
    }
    let pending: Promise<T>;
    try {
      pending = command(this.#redis);
    } catch (error) {
      this.#fail(error);
      return Promise.resolve(REDIS_FAILED);
    }
    return new Promise((resolve) => {
      let done = false;
      const timer = this.#clock.setTimeout(() => {
        if (done) return;
        done = true;
        this.#fail(new Error(`redis command timed out after ${this.#timeoutMs} ms`));
        resolve(REDIS_FAILED);
      }, this.#timeoutMs);
      pending.then(
        (value) => {
          if (done) return;
          done = true;
          this.#clock.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          if (done) return;
          done = true;
          this.#clock.clearTimeout(timer);
          this.#fail(error);
          resolve(REDIS_FAILED);
        },
      );
    });
  }

  #fail(error: unknown): void {
    this.errors++;
    this.lastError = error;
  }
}
