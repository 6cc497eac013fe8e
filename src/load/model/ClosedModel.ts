import type { TimerHandle } from '../../core/index.js';
import { createVirtualUser, type VirtualUser } from '../iteration/iteration.js';
import type { LoadModel, ModelOptions } from './LoadModel.js';
import { stagesDuration, targetAt, type Stage } from './Stage.js';

export interface ClosedModelOptions extends ModelOptions {
  /** VUs at time 0; default 0 when stages are given. */
  startVus: number;
  /** VU targets over time; a constant run is one stage holding `startVus`. */
  stages: readonly Stage[];
  /** How often the VU count follows the stages, in ms; default 100. */
  rampTickMs?: number;
}

/**
 * A VU whose iteration reached no server (refused, or reset before any response) waits before
 * its next one: 5 ms, doubling per such iteration up to 1 s, back to none after one that did.
 * Without it a refused port is a busy loop that burns the engine's CPU and piles up errors;
 * modest, because k6 does not back off and a brief outage should not hide in a long pause.
 */
export const UNREACHABLE_BACKOFF_MIN_MS = 5;
export const UNREACHABLE_BACKOFF_MAX_MS = 1000;

interface ClosedVu extends VirtualUser {
  running: boolean;
  retiring: boolean;
  inRun: boolean;
  startedAt: number;
  next: (failed: boolean, unreachable?: boolean) => void;
  /** Current backoff after unreachable iterations, ms; 0 when the last iteration reached the server. */
  backoffMs: number;
  /** The pending backoff timer. */
  backoffTimer: TimerHandle | undefined;
  resume: () => void;
}

/**
 * Closed model: N virtual users each run iterations back to back. Stages ramp N up and down; a
 * VU told to retire finishes its current iteration first. A closed loop only sends when the
 * previous response came back, so a stalled server slows the senders and its stall hides in the
 * tail: use the open model to measure latency under a given arrival rate.
 *
 * @example
 * const model = new ClosedModel({ clock, iteration, events, startVus: 10, stages: [{ durationMs: 30_000, target: 10 }] });
 * model.start();
 */
export class ClosedModel implements LoadModel {
  readonly kind = 'closed';
  readonly #o: ClosedModelOptions;
  readonly #vus: ClosedVu[] = [];
  readonly #durationMs: number;
  #startMs = 0;
  readonly #maxIterations: number;
  readonly #countFrom: number;
  /** Iterations started at or after `countFromMs`. */
  #counted = 0;
  #active = 0;
  #running = 0;
  #target = 0;
  #started = 0;
  #backoffs = 0;
  #stopped = false;
  #finished = false;
  #tick: TimerHandle | undefined;

  constructor(options: ClosedModelOptions) {
    this.#o = options;
    this.#maxIterations = options.maxIterations ?? Infinity;
    this.#countFrom = options.countFromMs ?? 0;
    this.#durationMs = stagesDuration(options.stages);
  }

  get active(): number {
    return this.#active;
  }

  /** VUs looping now (busy or about to start their next iteration). */
  get running(): number {
    return this.#running;
  }

  get target(): number {
    return this.#target;
  }

  get started(): number {
    return this.#started;
  }

  /** Times a VU waited before its next iteration because the last one reached no server. */
  get backoffs(): number {
    return this.#backoffs;
  }

  start(): void {
    this.#startMs = this.#o.clock.now();
    this.#follow();
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#tick !== undefined) this.#o.clock.clearTimeout(this.#tick);
    // VUs waiting out a backoff end now rather than when their timer fires.
    for (const vu of this.#vus) {
      if (vu.backoffTimer === undefined) continue;
      this.#o.clock.clearTimeout(vu.backoffTimer);
      vu.backoffTimer = undefined;
      this.#runNext(vu);
    }
    this.#checkFinished();
  }

  #follow(): void {
    this.#tick = undefined;
    if (this.#stopped) return;
    const elapsed = this.#o.clock.now() - this.#startMs;
    if (elapsed >= this.#durationMs) {
      this.stop();
      return;
    }
    this.#setTarget(Math.round(targetAt(this.#o.stages, this.#o.startVus, elapsed)));
    const tickMs = this.#o.rampTickMs ?? 100;
    this.#tick = this.#o.clock.setTimeout(() => this.#follow(), Math.min(tickMs, this.#durationMs - elapsed));
  }

  #setTarget(target: number): void {
    this.#target = target;
    // Grow: revive retiring VUs first (lowest ids), then idle ones, then new ones. A VU launched
    // once `amount` is reached stops the model and gives its slot back at once, so growth stops
    // with the model: otherwise `--amount 3` with 10 VUs created VUs forever.
    for (let i = 0; i < this.#vus.length && this.#running < target && !this.#stopped; i++) {
      const vu = this.#vus[i]!;
      if (vu.running && vu.retiring) {
        vu.retiring = false;
        this.#running++;
      } else if (!vu.running) {
        this.#launch(vu);
      }
    }
    while (this.#running < target && !this.#stopped) this.#launch(this.#newVu());
    // Shrink: highest ids retire after their current iteration.
    for (let i = this.#vus.length - 1; i >= 0 && this.#running > target; i--) {
      const vu = this.#vus[i]!;
      if (vu.running && !vu.retiring) {
        vu.retiring = true;
        this.#running--;
      }
    }
  }

  #newVu(): ClosedVu {
    const vu = createVirtualUser(this.#vus.length) as ClosedVu;
    vu.running = false;
    vu.retiring = false;
    vu.inRun = false;
    vu.startedAt = 0;
    vu.backoffMs = 0;
    vu.backoffTimer = undefined;
    vu.next = (failed: boolean, unreachable?: boolean) => this.#iterationEnded(vu, failed, unreachable === true);
    vu.resume = () => {
      vu.backoffTimer = undefined;
      this.#runNext(vu);
    };
    this.#o.iteration.prepare?.(vu);
    this.#vus.push(vu);
    return vu;
  }

  #launch(vu: ClosedVu): void {
    vu.running = true;
    vu.retiring = false;
    this.#running++;
    this.#runNext(vu);
  }

  #runNext(vu: ClosedVu): void {
    const reachedMax = this.#counted >= this.#maxIterations;
    if (this.#stopped || vu.retiring || reachedMax) {
      if (!vu.retiring) this.#running--;
      vu.running = false;
      vu.retiring = false;
      if (reachedMax) this.stop();
      this.#checkFinished();
      return;
    }
    const now = this.#o.clock.now();
    if (now >= this.#countFrom) this.#counted++;
    this.#started++;
    this.#active++;
    vu.iterations++;
    vu.startedAt = now;
    vu.inRun = true;
    this.#o.iteration.run(vu, vu.startedAt, vu.next);
    vu.inRun = false;
  }

  #iterationEnded(vu: ClosedVu, failed: boolean, unreachable: boolean): void {
    this.#active--;
    this.#o.events.iterationDone(vu, failed, vu.startedAt);
    if (unreachable && !this.#stopped) {
      vu.backoffMs = vu.backoffMs === 0 ? UNREACHABLE_BACKOFF_MIN_MS : Math.min(vu.backoffMs * 2, UNREACHABLE_BACKOFF_MAX_MS);
      this.#backoffs++;
      vu.backoffTimer = this.#o.clock.setTimeout(vu.resume, vu.backoffMs);
      return;
    }
    vu.backoffMs = 0;
    // An iteration that ended synchronously must not recurse into the next one.
    if (vu.inRun) setImmediate(() => this.#runNext(vu));
    else this.#runNext(vu);
  }

  #checkFinished(): void {
    if (this.#stopped && this.#active === 0 && !this.#finished) {
      this.#finished = true;
      this.#o.events.finished();
    }
  }
}
