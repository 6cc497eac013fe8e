import { reachedNoServer } from '../http/classifyError.js';
import type { HttpPool, RequestCallback, RequestSpec } from '../http/types.js';
import type { Iteration, IterationDone, VirtualUser } from './iteration.js';
import type { RequestRecorder } from './RequestRecorder.js';

interface Slot {
  startMs: number;
  done: IterationDone;
  callback: RequestCallback;
}

export interface RequestIterationOptions {
  pool: HttpPool;
  /** The request every iteration sends; built once, reused (the client may cache its encoding). */
  spec: RequestSpec;
  /** Endpoint index in the run's stats. */
  endpoint: number;
  recorder: RequestRecorder;
}

/**
 * Quick mode's iteration: one request. Each VU gets one callback bound at creation, so the hot
 * path allocates nothing of its own per request.
 *
 * @example
 * const iteration = new RequestIteration({ pool, spec: { method: 'GET', path: '/' }, endpoint: 0, recorder });
 */
export class RequestIteration implements Iteration {
  readonly #o: RequestIterationOptions;
  readonly #slots: Slot[] = [];

  constructor(options: RequestIterationOptions) {
    this.#o = options;
  }

  prepare(vu: VirtualUser): void {
    const { recorder, endpoint } = this.#o;
    const slot: Slot = {
      startMs: 0,
      done: noop,
      callback: (error, response) => {
        const done = slot.done;
        slot.done = noop;
        done(recorder.record(endpoint, slot.startMs, error, response), error !== null && reachedNoServer(error));
      },
    };
    this.#slots[vu.id] = slot;
  }

  run(vu: VirtualUser, intendedStartMs: number, done: IterationDone): void {
    let slot = this.#slots[vu.id];
    if (slot === undefined) {
      this.prepare(vu);
      slot = this.#slots[vu.id]!;
    }
    slot.startMs = intendedStartMs;
    slot.done = done;
    this.#o.pool.request(this.#o.spec, slot.callback);
  }
}

function noop(): void {}
