import type { Clock, TimerHandle } from './clock.js';

/** One waiter in a `DeadlineQueue`. */
export interface DeadlineEntry {
  /** Clock time (ms) at which `expire` runs unless the entry is settled first. */
  deadline: number;
  /** Set by whoever finishes first: the owner (settle) or the queue (expire). */
  done: boolean;
  /** Called once, by the queue, when the deadline passes before the entry was settled. */
  expire(): void;
}

/**
 * Shared deadline timer for a fixed delay: entries are added in deadline order (same delay,
 * monotonic clock), so one clock timer, armed for the oldest live entry, serves them all (with
 * `resolutionMs`, a one-slot-per-tick timer wheel). Nothing is allocated per entry beyond the
 * entry itself; settled entries leave from the head. Used wherever many waits share one timeout:
 * the guard's timeout policy, bulkhead queue and Redis rate store, and the tiered cache's Redis
 * commands.
 *
 * @example
 * const queue = new DeadlineQueue(clock, 100);
 * const entry = { deadline: 0, done: false, expire: () => reject(timeoutError()) };
 * queue.add(entry);    // expires 100 ms from now...
 * queue.settle(entry); // ...unless settled first
 */
export class DeadlineQueue {
  readonly #clock: Clock;
  readonly #delayMs: number;
  readonly #resolutionMs: number;
  #items: DeadlineEntry[] = [];
  #head = 0;
  #timer: TimerHandle | undefined;
  readonly #onTimer = () => this.#fire();

  /** @param resolutionMs deadlines are rounded up to a multiple of this (default 0: exact), so entries started close together share one deadline */
  constructor(clock: Clock, delayMs: number, resolutionMs = 0) {
    this.#clock = clock;
    this.#delayMs = delayMs;
    this.#resolutionMs = resolutionMs;
  }

  /** Live entries (including settled ones not yet dropped from the head). */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Sets `entry.deadline` to now + delay (rounded up to the resolution) and queues it. */
  add(entry: DeadlineEntry): void {
    const at = this.#clock.now() + this.#delayMs;
    entry.deadline = this.#resolutionMs > 0 ? Math.ceil(at / this.#resolutionMs) * this.#resolutionMs : at;
    this.#items.push(entry);
    if (this.#timer === undefined) this.#arm(entry.deadline);
  }

  /** Marks `entry` settled so it never expires; drops settled entries from the head. */
  settle(entry: DeadlineEntry): void {
    entry.done = true;
    const items = this.#items;
    while (this.#head < items.length && items[this.#head]!.done) this.#head++;
    if (this.#head === items.length) {
      items.length = 0;
      this.#head = 0;
    }
  }

  #arm(at: number): void {
    const t = this.#clock.setTimeout(this.#onTimer, Math.max(0, at - this.#clock.now()));
    t.unref?.();
    this.#timer = t;
  }

  #fire(): void {
    this.#timer = undefined;
    const now = this.#clock.now();
    const items = this.#items;
    while (this.#head < items.length) {
      const entry = items[this.#head]!;
      if (!entry.done) {
        if (entry.deadline > now) break;
        entry.done = true;
        entry.expire();
      }
      this.#head++;
    }
    if (this.#head === items.length) {
      items.length = 0;
      this.#head = 0;
      return;
    }
    if (this.#head > 1024 && this.#head * 2 > items.length) {
      this.#items = items.slice(this.#head);
      this.#head = 0;
    }
    this.#arm(this.#items[this.#head]!.deadline);
  }
}
