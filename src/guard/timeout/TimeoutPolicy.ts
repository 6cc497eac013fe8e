import { setMaxListeners } from 'node:events';
import { checkKnownKeys, checkNumber, DeadlineQueue, systemClock, type Clock, type DeadlineEntry } from '../../core/index.js';
import { abortedError, timeoutError } from '../guardErrors.js';
import type { Policy, PolicyContext } from '../Policy.js';

export interface TimeoutPolicyOptions {
  /** Milliseconds a call may run before it is rejected with `LOADLINE_TIMEOUT` and its signal aborts; required, > 0. */
  timeoutMs: number;
  /**
   * Deadline granularity in ms: calls started within one slot share a deadline and one abort signal,
   * so a timeout fires between `timeoutMs` and `timeoutMs + resolutionMs` after the start; default
   * timeoutMs / 100, clamped to [1, 10]. 0 makes every deadline exact (and every signal its own).
   */
  resolutionMs?: number;
  /** Time source; default the system clock. */
  clock?: Clock;
}

/** One call in flight: its own context, whose signal is only created when the call reads it. */
class TimedCall<T> implements DeadlineEntry, PolicyContext {
  deadline = 0;
  done = false;
  resolve!: (value: T) => void;
  reject!: (reason: unknown) => void;
  #controller: AbortController | undefined;
  #signal: AbortSignal | undefined;

  constructor(readonly policy: TimeoutPolicy, readonly parent: AbortSignal | undefined) {}

  get signal(): AbortSignal {
    if (this.#signal === undefined) {
      this.#controller = this.policy.controllerFor(this.deadline);
      if (this.done && !this.#controller.signal.aborted) this.#controller.abort(timeoutError(this.policy.timeoutMs));
      this.#signal = this.parent ? AbortSignal.any([this.parent, this.#controller.signal]) : this.#controller.signal;
    }
    return this.#signal;
  }

  expire(): void {
    const err = timeoutError(this.policy.timeoutMs);
    if (this.#controller && !this.#controller.signal.aborted) this.#controller.abort(err);
    this.reject(err);
  }

  /** Set only for calls with a caller signal, so plain calls allocate no listener. */
  onParentAbort: (() => void) | undefined;

  abortFromParent(): void {
    if (this.done) return;
    this.policy.queue.settle(this);
    this.reject(abortedError(this.parent?.reason));
  }
}

/**
 * Rejects calls that run longer than `timeoutMs` and aborts the signal they were given. Nothing
 * time-related is allocated per call: one clock timer per policy serves every call in flight
 * (calls share one delay, so their deadlines arrive in order), and calls started in the same
 * `resolutionMs` slot share one AbortController, created only when a call reads its signal. A
 * shared signal may therefore abort after a call that held it has finished; well-behaved
 * consumers (fetch, undici, pg) have removed their listeners by then.
 *
 * @example
 * const timeout = new TimeoutPolicy({ timeoutMs: 2000 });
 * const res = await timeout.execute(({ signal }) => fetch(url, { signal }));
 */
export class TimeoutPolicy implements Policy {
  readonly timeoutMs: number;
  /** @internal */
  readonly queue: DeadlineQueue;

  readonly resolutionMs: number;
  #slotDeadline = NaN;
  #slotController: AbortController | undefined;

  constructor(options: TimeoutPolicyOptions) {
    checkKnownKeys(options, ['timeoutMs', 'resolutionMs', 'clock']);
    this.timeoutMs = checkNumber(options.timeoutMs, 'timeoutMs', { above: 0 });
    this.resolutionMs = options.resolutionMs === undefined
      ? Math.min(10, Math.max(1, this.timeoutMs / 100))
      : checkNumber(options.resolutionMs, 'resolutionMs', { min: 0 });
    this.queue = new DeadlineQueue(options.clock ?? systemClock, this.timeoutMs, this.resolutionMs);
  }

  /** @internal The AbortController shared by the calls whose deadline is `deadline`. */
  controllerFor(deadline: number): AbortController {
    if (this.resolutionMs === 0) return new AbortController();
    if (deadline !== this.#slotDeadline || this.#slotController === undefined || this.#slotController.signal.aborted) {
      this.#slotDeadline = deadline;
      this.#slotController = new AbortController();
      setMaxListeners(0, this.#slotController.signal); // many calls may listen on one shared signal
    }
    return this.#slotController;
  }

  execute<T>(fn: (ctx: PolicyContext) => T | PromiseLike<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortedError(signal.reason));
    const call = new TimedCall<T>(this, signal);
    const promise = new Promise<T>((resolve, reject) => {
      call.resolve = resolve;
      call.reject = reject;
    });
    this.queue.add(call);
    if (signal) {
      call.onParentAbort = () => call.abortFromParent();
      signal.addEventListener('abort', call.onParentAbort, { once: true });
    }
    let result: T | PromiseLike<T>;
    try {
      result = fn(call);
    } catch (err) {
      this.#finish(call, err, true);
      return promise;
    }
    if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<T>).then === 'function') {
      (result as PromiseLike<T>).then(
        (value) => this.#finish(call, value, false),
        (err) => this.#finish(call, err, true),
      );
    } else {
      this.#finish(call, result, false);
    }
    return promise;
  }

  #finish<T>(call: TimedCall<T>, outcome: unknown, failed: boolean): void {
    if (call.done) return;
    this.queue.settle(call);
    if (call.onParentAbort) call.parent!.removeEventListener('abort', call.onParentAbort);
    if (failed) call.reject(outcome);
    else call.resolve(outcome as T);
  }
}
