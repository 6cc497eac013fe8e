import type { Clock, TimerHandle } from '../../core/index.js';
import type { Iteration, LoadModel, ModelEvents, ModelOptions, VirtualUser } from '../../load/index.js';

/** One schedule of a set: its own load model and iteration, started at an offset into the run. */
export interface ScheduledModel {
  /** Name, for errors and progress (k6's scenario name). */
  name: string;
  /** Start after the run's start, ms; default 0. */
  startMs?: number;
  /** Planned length from its own start, ms: after it no iteration starts. */
  durationMs: number;
  /** Time running iterations get after `durationMs` before they are interrupted, ms; default 30 000 (k6's gracefulStop). */
  gracefulStopMs?: number;
  /** What each VU runs; `interrupt()` ends the iterations still running after the grace. */
  iteration: Iteration & { interrupt?(): void };
  /** Builds the model from the set's clock and events and this schedule's iteration. */
  create(options: ModelOptions): LoadModel;
}

/**
 * Several load models in one run, each with its own schedule, start offset and iteration (k6's
 * `scenarios`): the run sees one model whose events are the sum of its parts, which finishes when
 * every part has. A part runs its `durationMs`, stops starting iterations, gives the running ones
 * `gracefulStopMs`, then interrupts them, as k6's executors do.
 *
 * @example
 * loadModel: (o) => new ScheduleSet(o, [{ name: 'browse', durationMs: 30_000, iteration, create: (m) => new ClosedModel({ ...m, startVus: 10, stages: [{ durationMs: 30_000, target: 10 }] }) }])
 */
export class ScheduleSet implements LoadModel {
  readonly kind = 'closed';
  readonly #clock: Clock;
  readonly #events: ModelEvents;
  readonly #parts: Part[];
  #stopped = false;
  #finished = false;

  constructor(options: ModelOptions, schedules: readonly ScheduledModel[]) {
    this.#clock = options.clock;
    this.#events = options.events;
    this.#parts = schedules.map((s) => ({ schedule: s, model: undefined, timers: [], done: false }));
  }

  get active(): number {
    let n = 0;
    for (const p of this.#parts) n += p.model?.active ?? 0;
    return n;
  }

  /** VUs (closed parts) plus arrivals per second (open parts) planned now; progress only. */
  get target(): number {
    let n = 0;
    for (const p of this.#parts) if (p.model && !p.done) n += p.model.target;
    return n;
  }

  get started(): number {
    let n = 0;
    for (const p of this.#parts) n += p.model?.started ?? 0;
    return n;
  }

  start(): void {
    if (this.#parts.length === 0) {
      this.#stopped = true;
      this.#checkFinished();
      return;
    }
    for (const part of this.#parts) {
      const delay = part.schedule.startMs ?? 0;
      if (delay > 0) part.timers.push(this.#clock.setTimeout(() => this.#startPart(part), delay));
      else this.#startPart(part);
    }
  }

  #startPart(part: Part): void {
    if (this.#stopped || part.done) return;
    const s = part.schedule;
    const events: ModelEvents = {
      iterationDone: (vu: VirtualUser, failed: boolean, intendedStartMs: number) => this.#events.iterationDone(vu, failed, intendedStartMs),
      dropped: (intendedStartMs: number) => this.#events.dropped?.(intendedStartMs),
      finished: () => this.#partFinished(part),
    };
    part.model = s.create({ clock: this.#clock, iteration: s.iteration, events });
    part.timers.push(
      this.#clock.setTimeout(() => {
        part.model?.stop();
        part.timers.push(this.#clock.setTimeout(() => s.iteration.interrupt?.(), s.gracefulStopMs ?? 30_000));
      }, s.durationMs),
    );
    part.model.start();
  }

  #partFinished(part: Part): void {
    if (part.done) return;
    part.done = true;
    for (const t of part.timers) this.#clock.clearTimeout(t);
    part.timers = [];
    this.#checkFinished();
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const part of this.#parts) {
      if (part.model === undefined) {
        // Never started: nothing to wait for.
        for (const t of part.timers) this.#clock.clearTimeout(t);
        part.done = true;
      } else part.model.stop();
    }
    this.#checkFinished();
  }

  /** Ends every running iteration now (the run's grace is over). */
  interrupt(): void {
    for (const part of this.#parts) if (!part.done) part.schedule.iteration.interrupt?.();
  }

  #checkFinished(): void {
    if (this.#finished) return;
    if (!this.#parts.every((p) => p.done)) return;
    this.#finished = true;
    this.#stopped = true;
    this.#events.finished();
  }
}

interface Part {
  schedule: ScheduledModel;
  model: LoadModel | undefined;
  timers: TimerHandle[];
  done: boolean;
}
