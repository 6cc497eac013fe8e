import {
  checkFunction, checkInteger, checkKnownKeys, checkNumber, checkString, invalidInput, noopSink, systemClock,
  type Clock, type CounterMetric, type Labels, type MetricsSink,
} from '../../core/index.js';
import { breakerOpenError } from '../guardErrors.js';
import { contextFor, type Policy, type PolicyContext } from '../Policy.js';
import { RollingWindow } from './RollingWindow.js';
import { TimeoutPolicy } from '../timeout/TimeoutPolicy.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface FailureRateOptions {
  /** Fraction of failed calls (0-1] in the window that opens the breaker; required. */
  threshold: number;
  /** Rolling window length in ms; default 10000. */
  windowMs?: number;
  /** Calls the window must hold before the rate can open the breaker; default 10. */
  minThroughput?: number;
  /** Slices the window rolls by; default 10. */
  buckets?: number;
}

export interface CircuitBreakerOptions {
  /** Name in errors, events and metric labels; default "breaker". */
  name?: string;
  /** Consecutive failures that open the breaker; default 5 (seed 002), unless only `failureRate` is given. */
  consecutiveFailures?: number;
  /** Open on a failure rate within a rolling window instead of (or as well as) consecutive failures; default off. */
  failureRate?: FailureRateOptions;
  /** Milliseconds the breaker stays open before admitting half-open probes; default 60000 (seed 002). */
  openMs?: number;
  /** Probe calls admitted in half-open; all must succeed to close, any failure reopens; default 1. */
  halfOpenProbes?: number;
  /** Per-call timeout in ms (the call's signal aborts, the call counts as failed); default none. */
  timeoutMs?: number;
  /** Which errors count as failures; others pass through and count as successes (the dependency answered); default all. */
  isFailure?: (error: unknown) => boolean;
  /** Value to return instead of rejecting, when the breaker is open or the call failed; default none (reject). */
  fallback?: (error: unknown) => unknown;
  /** Time source; default the system clock. */
  clock?: Clock;
  /** Metrics: `loadline_guard_breaker_state` (0 closed, 1 half-open, 2 open) and `loadline_guard_breaker_calls_total`; default none. */
  metrics?: MetricsSink;
}

export interface BreakerStats {
  state: BreakerState;
  successes: number;
  failures: number;
  /** Calls refused because the breaker was open or its probe slots were taken. */
  rejections: number;
  consecutiveFailures: number;
  /** Calls and failures in the rolling window (0 without `failureRate`). */
  windowCalls: number;
  windowFailures: number;
  /** Clock time the breaker last opened, or undefined. */
  openedAt: number | undefined;
}

export type StateChangeListener = (state: BreakerState, previous: BreakerState) => void;

const STATE_GAUGE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };
const KNOWN = ['name', 'consecutiveFailures', 'failureRate', 'openMs', 'halfOpenProbes', 'timeoutMs', 'isFailure', 'fallback', 'clock', 'metrics'];

/**
 * Closed / open / half-open circuit breaker. A call that throws synchronously counts exactly like a
 * rejected promise. Results of calls that started before a state change do not move the state.
 *
 * @example
 * const breaker = new CircuitBreaker({ consecutiveFailures: 5, openMs: 60_000, timeoutMs: 5000 });
 * breaker.onStateChange((s) => console.log('payments breaker', s));
 * const body = await breaker.execute(({ signal }) => fetch(url, { signal }).then((r) => r.json()));
 */
export class CircuitBreaker implements Policy {
  readonly name: string;
  #state: BreakerState = 'closed';
  #generation = 0;
  #consecutive = 0;
  #openedAt: number | undefined;
  #probesStarted = 0;
  #probeSuccesses = 0;
  #successes = 0;
  #failures = 0;
  #rejections = 0;
  readonly #threshold: number;
  readonly #rate: { threshold: number; minThroughput: number } | undefined;
  readonly #window: RollingWindow | undefined;
  readonly #openMs: number;
  readonly #probes: number;
  readonly #timeout: TimeoutPolicy | undefined;
  readonly #isFailure: ((e: unknown) => boolean) | undefined;
  readonly #fallback: ((e: unknown) => unknown) | undefined;
  readonly #clock: Clock;
  readonly #listeners: StateChangeListener[] = [];
  readonly #calls: CounterMetric;
  readonly #labels: Record<'success' | 'failure' | 'rejected', Labels>;
  readonly #setGauge: (state: BreakerState) => void;

  constructor(options: CircuitBreakerOptions = {}) {
    checkKnownKeys(options, KNOWN);
    this.name = options.name === undefined ? 'breaker' : checkString(options.name, 'name');
    const fr = options.failureRate;
    this.#threshold = options.consecutiveFailures !== undefined
      ? checkInteger(options.consecutiveFailures, 'consecutiveFailures', { min: 1 })
      : fr ? Infinity : 5;
    if (fr !== undefined) {
      if (typeof fr !== 'object' || fr === null) throw invalidInput({ field: 'failureRate', value: fr, expected: 'an object with threshold, windowMs, minThroughput' });
      checkKnownKeys(fr, ['threshold', 'windowMs', 'minThroughput', 'buckets'], 'failureRate.');
      const threshold = checkNumber(fr.threshold, 'failureRate.threshold', { above: 0, max: 1 });
      const windowMs = fr.windowMs === undefined ? 10_000 : checkNumber(fr.windowMs, 'failureRate.windowMs', { above: 0 });
      const minThroughput = fr.minThroughput === undefined ? 10 : checkInteger(fr.minThroughput, 'failureRate.minThroughput', { min: 1 });
      const buckets = fr.buckets === undefined ? 10 : checkInteger(fr.buckets, 'failureRate.buckets', { min: 1, max: 1000 });
      this.#rate = { threshold, minThroughput };
      this.#window = new RollingWindow(windowMs, buckets);
    }
    this.#openMs = options.openMs === undefined ? 60_000 : checkNumber(options.openMs, 'openMs', { min: 0 });
    this.#probes = options.halfOpenProbes === undefined ? 1 : checkInteger(options.halfOpenProbes, 'halfOpenProbes', { min: 1 });
    this.#clock = options.clock ?? systemClock;
    this.#timeout = options.timeoutMs === undefined ? undefined : new TimeoutPolicy({ timeoutMs: checkNumber(options.timeoutMs, 'timeoutMs', { above: 0 }), clock: this.#clock });
    this.#isFailure = options.isFailure === undefined ? undefined : checkFunction(options.isFailure, 'isFailure');
    this.#fallback = options.fallback === undefined ? undefined : checkFunction(options.fallback, 'fallback');
    const sink = options.metrics ?? noopSink;
    this.#calls = sink.counter({ name: 'loadline_guard_breaker_calls_total', help: 'Calls through a circuit breaker, by outcome', labelNames: ['breaker', 'outcome'] });
    this.#labels = {
      success: { breaker: this.name, outcome: 'success' },
      failure: { breaker: this.name, outcome: 'failure' },
      rejected: { breaker: this.name, outcome: 'rejected' },
    };
    const gauge = sink.gauge({ name: 'loadline_guard_breaker_state', help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open', labelNames: ['breaker'] });
    const gaugeLabels = { breaker: this.name };
    this.#setGauge = (state) => gauge.set(STATE_GAUGE[state], gaugeLabels);
    this.#setGauge('closed');
  }

  /** Current state; an open breaker whose `openMs` has passed reads as half-open. */
  get state(): BreakerState {
    if (this.#state === 'open' && this.#clock.now() - this.#openedAt! >= this.#openMs) this.#transition('half-open');
    return this.#state;
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  onStateChange(listener: StateChangeListener): () => void {
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  stats(): BreakerStats {
    if (this.#window) this.#window.roll(this.#clock.now());
    return {
      state: this.state,
      successes: this.#successes,
      failures: this.#failures,
      rejections: this.#rejections,
      consecutiveFailures: this.#consecutive,
      windowCalls: this.#window?.total ?? 0,
      windowFailures: this.#window?.failures ?? 0,
      openedAt: this.#openedAt,
    };
  }

  /** Opens the breaker by hand (maintenance, a health check said so). */
  open(): void {
    this.#open();
  }

  /** Closes the breaker by hand and clears its failure counts. */
  close(): void {
    this.#transition('closed');
  }

  async execute<T>(fn: (ctx: PolicyContext) => T | PromiseLike<T>, signal?: AbortSignal): Promise<T> {
    let probe = false;
    if (this.#state !== 'closed') {
      if (this.state === 'open' || this.#probesStarted >= this.#probes) {
        this.#rejections++;
        this.#calls.inc(1, this.#labels.rejected);
        const err = breakerOpenError(this.name, this.#state === 'open' ? this.#openedAt! + this.#openMs - this.#clock.now() : 0);
        if (this.#fallback) return this.#fallback(err) as T;
        throw err;
      }
      this.#probesStarted++;
      probe = true;
    }
    const generation = this.#generation;
    let value: T;
    try {
      value = this.#timeout ? await this.#timeout.execute(fn, signal) : await fn(contextFor(signal));
    } catch (err) {
      if (this.#isFailure === undefined || this.#isFailure(err)) {
        this.#onFailure(generation, probe);
        if (this.#fallback) return this.#fallback(err) as T;
        throw err;
      }
      this.#onSuccess(generation, probe);
      throw err;
    }
    this.#onSuccess(generation, probe);
    return value;
  }

  #onSuccess(generation: number, probe: boolean): void {
    this.#successes++;
    this.#calls.inc(1, this.#labels.success);
    if (generation !== this.#generation) return;
    if (probe) {
      if (++this.#probeSuccesses >= this.#probes) this.#transition('closed');
      return;
    }
    this.#consecutive = 0;
    if (this.#window) this.#window.record(this.#clock.now(), false);
  }

  #onFailure(generation: number, probe: boolean): void {
    this.#failures++;
    this.#calls.inc(1, this.#labels.failure);
    if (generation !== this.#generation) return;
    if (probe) {
      this.#open();
      return;
    }
    this.#consecutive++;
    let trip = this.#consecutive >= this.#threshold;
    if (this.#window) {
      this.#window.record(this.#clock.now(), true);
      const w = this.#window;
      if (w.total >= this.#rate!.minThroughput && w.failures / w.total >= this.#rate!.threshold) trip = true;
    }
    if (trip) this.#open();
  }

  #open(): void {
    this.#openedAt = this.#clock.now();
    this.#transition('open');
  }

  #transition(next: BreakerState): void {
    const previous = this.#state;
    this.#generation++;
    this.#probesStarted = 0;
    this.#probeSuccesses = 0;
    if (next === 'closed') {
      this.#consecutive = 0;
      this.#window?.clear();
    }
    if (next === previous) return;
    this.#state = next;
    this.#setGauge(next);
    for (const listener of [...this.#listeners]) listener(next, previous);
  }
}
