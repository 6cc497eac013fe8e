import type { TimerHandle } from '../../core/index.js';
import { ArrivalSchedule } from './ArrivalSchedule.js';
import { createVirtualUser, type VirtualUser } from '../iteration/iteration.js';
import type { LoadModel, ModelOptions } from './LoadModel.js';
import type { Stage } from './Stage.js';

export interface OpenModelOptions extends ModelOptions {
  /** Arrivals per second at time 0. */
  startRate: number;
  /** Rate targets over time (arrivals per second); a constant rate is one stage holding `startRate`. */
  stages: readonly Stage[];
  /** Most iterations in flight (VUs); an arrival that finds all busy is dropped. */
  maxVus: number;
}

/** How far ahead of the due time a tick fires, in ms (timer lateness). */
const EARLY_MS = 1;

interface OpenVu extends VirtualUser {
  intendedStart: number;
  done: (failed: boolean) => void;
}

/**
 * Open model: iterations arrive at a (constant or ramping) rate whatever the server does, each
 * with its own due time, bounded by `maxVus` in flight; an arrival with no free VU is counted as
 * dropped. Latency is measured from the due time, so time spent waiting behind a stalled server,
 * in the connection pool or behind a late timer shows in the percentiles (no coordinated omission).
 *
 * @example
 * const model = new OpenModel({ clock, iteration, events, startRate: 200, stages: [{ durationMs: 30_000, target: 200 }], maxVus: 100 });
 * model.start();
 */
export class OpenModel implements LoadModel {
  readonly kind = 'open';
  readonly #o: OpenModelOptions;
  readonly #schedule: ArrivalSchedule;
  readonly #free: OpenVu[] = [];
  #created = 0;
  #startMs = 0;
  readonly #maxIterations: number;
  readonly #countFrom: number;
  /** Iterations started at or after `countFromMs`. */
  #counted = 0;
  #next = 0;
  #launched = 0;
  #active = 0;
  #stopped = false;
  #finished = false;
  #timer: TimerHandle | undefined;
  readonly #tickFn = () => this.#tick();

  constructor(options: OpenModelOptions) {
    this.#o = options;
    this.#maxIterations = options.maxIterations ?? Infinity;
    this.#countFrom = options.countFromMs ?? 0;
    this.#schedule = new ArrivalSchedule(options.stages, options.startRate);
  }

  get active(): number {
    return this.#active;
  }

  get target(): number {
    return this.#schedule.rateAt(this.#o.clock.now() - this.#startMs);
  }

  /** VUs created so far: the most iterations that were in flight at once (at most `maxVus`). */
  get allocated(): number {
    return this.#created;
  }

  /** Iterations started (dropped arrivals not included). */
  get started(): number {
    return this.#launched;
  }

  start(): void {
    this.#startMs = this.#o.clock.now();
    this.#tick();
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== undefined) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#checkFinished();
  }

  #tick(): void {
    this.#timer = undefined;
    if (this.#stopped) return;
    const clock = this.#o.clock;
    const elapsed = clock.now() - this.#startMs;
    const now = this.#startMs + elapsed;
    let due = this.#schedule.timeOf(this.#next);
    // Timers fire up to a millisecond late, so ticks are set EARLY_MS ahead and launch what is due
    // by then. Latency counts from the earlier of due time and actual start: a late start still
    // counts from its due time, an early one from when it really went out.
    // The tolerance keeps a due time that rounding put a hair past `elapsed` from re-arming a
    // zero-delay timer forever on a FakeClock (a real clock moves on between ticks).
    while (due <= elapsed + EARLY_MS + 1e-6 && this.#counted < this.#maxIterations) {
      this.#next++;
      const intended = this.#startMs + due;
      this.#arrive(intended < now ? intended : now);
      if (this.#stopped) return;
      due = this.#schedule.timeOf(this.#next);
    }
    if (due === Infinity || this.#counted >= this.#maxIterations) {
      this.stop();
      return;
    }
    this.#timer = clock.setTimeout(this.#tickFn, Math.max(0, due - elapsed - EARLY_MS));
  }

  #arrive(intendedStart: number): void {
    let vu = this.#free.pop();
    if (vu === undefined) {
      if (this.#created >= this.#o.maxVus) {
        this.#o.events.dropped?.(intendedStart);
        return;
      }
      vu = this.#newVu();
    }
    this.#active++;
    this.#launched++;
    if (intendedStart >= this.#countFrom) this.#counted++;
    vu.iterations++;
    vu.intendedStart = intendedStart;
    this.#o.iteration.run(vu, intendedStart, vu.done);
  }

  #newVu(): OpenVu {
    const vu = createVirtualUser(this.#created++) as OpenVu;
    vu.intendedStart = 0;
    vu.done = (failed: boolean) => {
      this.#active--;
      this.#free.push(vu);
      this.#o.events.iterationDone(vu, failed, vu.intendedStart);
      this.#checkFinished();
    };
    this.#o.iteration.prepare?.(vu);
    return vu;
  }

  #checkFinished(): void {
    if (this.#stopped && this.#active === 0 && !this.#finished) {
      this.#finished = true;
      this.#o.events.finished();
    }
  }
}
