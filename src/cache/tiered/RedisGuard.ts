import type { Redis } from 'ioredis';
import type { Clock, TimerHandle } from '../../core/index.js';

/** Marks a Redis call that failed, timed out or was skipped because Redis is not ready. */
export const REDIS_FAILED: unique symbol = Symbol('loadline.cache.redisFailed');

interface Pending {
  deadline: number;
  settle: ((value: unknown) => void) | null;
}

/**
 * Runs Redis commands so that an outage never reaches the caller: a command is skipped at once
 * while the client is reconnecting or closed, and one that errors or outlives `timeoutMs` resolves
 * to `REDIS_FAILED` and is counted, so the cache carries on from memory and the loader.
 *
 * Every command has the same timeout, so deadlines arrive in order: they wait in one FIFO watched
 * by a single timer instead of a timer per command (which costs a visible share of a Redis hit).
 */
export class RedisGuard {
  /** Commands that failed, timed out or were skipped. */
  errors = 0;
  /** The last error seen, for diagnostics. */
  lastError: unknown;
  readonly #redis: Redis;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  #queue: Pending[] = [];
  #head = 0;
  #timer: TimerHandle | null = null;

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
      const pending: Pending = { deadline: this.#clock.now() + this.#timeoutMs, settle: settleWith };
      this.#queue.push(pending);
      if (this.#timer === null) this.#arm(this.#timeoutMs);
      sent.then(
        (value) => {
          const settle = pending.settle;
          if (settle === null) return;
          pending.settle = null;
          settle(value);
        },
        (error: unknown) => {
          const settle = pending.settle;
          if (settle === null) return;
          pending.settle = null;
          this.recordError(error);
          settle(REDIS_FAILED);
        },
      );
    });
  }

  /** Counts a Redis failure: its own commands', and ones the cache sees elsewhere (a pub/sub error, a stored value that cannot be decoded). */
  recordError(error: unknown): void {
    this.errors++;
    this.lastError = error;
  }

  #arm(ms: number): void {
    this.#timer = this.#clock.setTimeout(() => this.#sweep(), ms);
    this.#timer.unref?.();
  }

  #sweep(): void {
    this.#timer = null;
    const now = this.#clock.now();
    const queue = this.#queue;
    let head = this.#head;
    while (head < queue.length) {
      const p = queue[head]!;
      if (p.settle !== null) {
        if (p.deadline > now) break;
        const settle = p.settle;
        p.settle = null;
        this.recordError(new Error(`redis command timed out after ${this.#timeoutMs} ms`));
        settle(REDIS_FAILED);
      }
      head++;
    }
    if (head === queue.length) {
      this.#queue = [];
      this.#head = 0;
      return;
    }
    if (head > 1024 && head * 2 > queue.length) {
      this.#queue = queue.slice(head);
      head = 0;
    }
    this.#head = head;
    this.#arm(Math.max(1, this.#queue[head]!.deadline - now));
  }
}
