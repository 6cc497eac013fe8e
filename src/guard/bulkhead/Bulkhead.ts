import { checkInteger, checkKnownKeys, checkNumber, DeadlineQueue, noopSink, systemClock, type Clock, type DeadlineEntry, type GaugeMetric, type MetricsSink } from '../../core/index.js';
import { abortedError, bulkheadFullError, queueTimeoutError } from '../guardErrors.js';
import { contextFor, type Policy, type PolicyContext } from '../Policy.js';

export interface BulkheadOptions {
  /** Calls allowed to run at once; required, integer >= 1. */
  maxConcurrent: number;
  /** Calls allowed to wait for a slot; beyond it calls are rejected with `LOADLINE_BULKHEAD_FULL`; default 0. */
  maxQueue?: number;
  /** Milliseconds a call may wait in the queue before `LOADLINE_QUEUE_TIMEOUT`; default no limit. */
  queueTimeoutMs?: number;
  /** Name for metric labels; default "bulkhead". */
  name?: string;
  /** Time source for queue timeouts; default the system clock. */
  clock?: Clock;
  /** Metrics: `loadline_guard_bulkhead_running` and `loadline_guard_bulkhead_queued` gauges; default none. */
  metrics?: MetricsSink;
}

class Waiter implements DeadlineEntry {
  deadline = Infinity;
  done = false;
  onAbort: (() => void) | undefined;
  constructor(readonly start: () => void, readonly reject: (e: unknown) => void, readonly signal: AbortSignal | undefined, readonly owner: Bulkhead) {}
  expire(): void {
    this.owner.dropWaiter(this, queueTimeoutError(this.owner.queueTimeoutMs!));
  }
}

/**
 * Limits concurrent calls, with a bounded queue and a queue timeout; queue timeouts share one timer.
 * Use it around blocking or pool-bound work (a worker pool, a database pool of 50) so excess load
 * waits briefly or fails fast instead of piling up.
 *
 * @example
 * const db = new Bulkhead({ maxConcurrent: 50, maxQueue: 200, queueTimeoutMs: 1000 });
 * const rows = await db.execute(() => pool.query(sql));
 */
export class Bulkhead implements Policy {
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  readonly queueTimeoutMs: number | undefined;
  #running = 0;
  #queue: Waiter[] = [];
  #queueHead = 0;
  #queued = 0;
  readonly #deadlines: DeadlineQueue | undefined;
  readonly #runningGauge: GaugeMetric;
  readonly #queuedGauge: GaugeMetric;
  readonly #labels: { bulkhead: string };

  constructor(options: BulkheadOptions) {
    checkKnownKeys(options, ['maxConcurrent', 'maxQueue', 'queueTimeoutMs', 'name', 'clock', 'metrics']);
    this.maxConcurrent = checkInteger(options.maxConcurrent, 'maxConcurrent', { min: 1 });
    this.maxQueue = options.maxQueue === undefined ? 0 : checkInteger(options.maxQueue, 'maxQueue', { min: 0 });
    this.queueTimeoutMs = options.queueTimeoutMs === undefined ? undefined : checkNumber(options.queueTimeoutMs, 'queueTimeoutMs', { above: 0 });
    if (this.queueTimeoutMs !== undefined) this.#deadlines = new DeadlineQueue(options.clock ?? systemClock, this.queueTimeoutMs);
    const sink = options.metrics ?? noopSink;
    this.#labels = { bulkhead: options.name ?? 'bulkhead' };
    this.#runningGauge = sink.gauge({ name: 'loadline_guard_bulkhead_running', help: 'Calls running inside a bulkhead', labelNames: ['bulkhead'] });
    this.#queuedGauge = sink.gauge({ name: 'loadline_guard_bulkhead_queued', help: 'Calls waiting for a bulkhead slot', labelNames: ['bulkhead'] });
  }

  /** Calls running now. */
  get running(): number {
    return this.#running;
  }

  /** Calls waiting now. */
  get queued(): number {
    return this.#queued;
  }

  async execute<T>(fn: (ctx: PolicyContext) => T | PromiseLike<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw abortedError(signal.reason);
    if (this.#running >= this.maxConcurrent) {
      if (this.#queued >= this.maxQueue) throw bulkheadFullError(this.maxConcurrent, this.maxQueue);
      await this.#wait(signal);
    } else {
      this.#running++;
    }
    this.#runningGauge.set(this.#running, this.#labels);
    try {
      return await fn(contextFor(signal));
    } finally {
      this.#release();
    }
  }

  #wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter = new Waiter(resolve, reject, signal, this);
      if (signal) {
        waiter.onAbort = () => this.dropWaiter(waiter, abortedError(signal.reason));
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      this.#queued++;
      this.#queuedGauge.set(this.#queued, this.#labels);
      this.#deadlines?.add(waiter);
    });
  }

  /** @internal Removes a queued call that timed out or was aborted. */
  dropWaiter(waiter: Waiter, error: unknown): void {
    if (!waiter.done) this.#deadlines?.settle(waiter);
    waiter.done = true;
    if (waiter.onAbort) waiter.signal!.removeEventListener('abort', waiter.onAbort);
    this.#queued--;
    this.#queuedGauge.set(this.#queued, this.#labels);
    waiter.reject(error);
  }

  #release(): void {
    while (this.#queueHead < this.#queue.length) {
      const waiter = this.#queue[this.#queueHead++]!;
      if (waiter.done) continue;
      if (this.#deadlines) this.#deadlines.settle(waiter);
      else waiter.done = true;
      if (waiter.onAbort) waiter.signal!.removeEventListener('abort', waiter.onAbort);
      this.#queued--;
      this.#queuedGauge.set(this.#queued, this.#labels);
      this.#compact();
      waiter.start(); // the slot passes straight to the waiter: #running stays the same
      return;
    }
    this.#compact();
    this.#running--;
    this.#runningGauge.set(this.#running, this.#labels);
  }

  #compact(): void {
    if (this.#queueHead === this.#queue.length) {
      this.#queue.length = 0;
      this.#queueHead = 0;
    } else if (this.#queueHead > 1024 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#queueHead);
      this.#queueHead = 0;
    }
  }
}
