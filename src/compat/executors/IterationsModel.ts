import type { LoadModel, ModelOptions, VirtualUser } from '../../load/index.js';
import { createVirtualUser } from '../../load/iteration/iteration.js';

export interface IterationsModelOptions extends ModelOptions {
  /** VUs running at once. */
  vus: number;
  /** `per-vu`: each VU runs `iterations`; `shared`: the VUs share `iterations` between them. */
  mode: 'per-vu' | 'shared';
  /** Iterations per VU (`per-vu`) or in total (`shared`). */
  iterations: number;
}

interface LoopVu extends VirtualUser {
  startedAt: number;
  next: (failed: boolean) => void;
  inRun: boolean;
}

/**
 * k6's iteration-count executors: `vus` VUs run iterations back to back until they have run
 * `iterations` each (per-vu-iterations) or `iterations` between them (shared-iterations, each VU
 * taking the next one as soon as it is free). The caller bounds the time (k6's `maxDuration`) by
 * calling `stop()`.
 *
 * @example
 * const model = new IterationsModel({ clock, iteration, events, vus: 5, mode: 'shared', iterations: 100 });
 */
export class IterationsModel implements LoadModel {
  readonly kind = 'closed';
  readonly #o: IterationsModelOptions;
  readonly #vus: LoopVu[] = [];
  #taken = 0;
  #active = 0;
  #running = 0;
  #stopped = false;
  #finished = false;

  constructor(options: IterationsModelOptions) {
    this.#o = options;
  }

  get active(): number {
    return this.#active;
  }

  get target(): number {
    return this.#running;
  }

  get started(): number {
    return this.#taken;
  }

  start(): void {
    for (let i = 0; i < this.#o.vus; i++) {
      const vu = createVirtualUser(i) as LoopVu;
      vu.startedAt = 0;
      vu.inRun = false;
      vu.next = (failed) => this.#ended(vu, failed);
      this.#o.iteration.prepare?.(vu);
      this.#vus.push(vu);
      this.#running++;
    }
    for (const vu of this.#vus) this.#runNext(vu);
    this.#checkFinished();
  }

  stop(): void {
    this.#stopped = true;
    this.#checkFinished();
  }

  #runNext(vu: LoopVu): void {
    const quotaLeft = this.#o.mode === 'shared' ? this.#taken < this.#o.iterations : vu.iterations < this.#o.iterations;
    if (this.#stopped || !quotaLeft) {
      this.#running--;
      if (this.#running === 0) this.#stopped = true;
      this.#checkFinished();
      return;
    }
    this.#taken++;
    this.#active++;
    vu.iterations++;
    vu.startedAt = this.#o.clock.now();
    vu.inRun = true;
    this.#o.iteration.run(vu, vu.startedAt, vu.next);
    vu.inRun = false;
  }

  #ended(vu: LoopVu, failed: boolean): void {
    this.#active--;
    this.#o.events.iterationDone(vu, failed, vu.startedAt);
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
