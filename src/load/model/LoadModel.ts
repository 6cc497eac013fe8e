import type { Clock } from '../../core/index.js';
import type { Iteration, VirtualUser } from '../iteration/iteration.js';

/** What a load model reports back to the run that drives it. */
export interface ModelEvents {
  /** An iteration ended; `intendedStartMs` is when it was due (clock time). */
  iterationDone(vu: VirtualUser, failed: boolean, intendedStartMs: number): void;
  /** Open model: an arrival found every VU busy and was not started. `intendedStartMs` as above. */
  dropped?(intendedStartMs: number): void;
  /** No iteration will start any more and none is running. */
  finished(): void;
}

/** Options every load model takes. */
export interface ModelOptions {
  clock: Clock;
  iteration: Iteration;
  events: ModelEvents;
  /** Stop starting iterations after this many; default unlimited. */
  maxIterations?: number;
  /** Clock time from which iterations count towards `maxIterations` (the end of a warm-up); default 0. */
  countFromMs?: number;
}

/**
 * A load model: decides when iterations start. The closed model loops VUs; the open model starts
 * iterations at arrival times. Both stop starting new iterations on `stop()` or at their end, let
 * running ones finish, then call `events.finished()`.
 */
export interface LoadModel {
  readonly kind: 'closed' | 'open';
  start(): void;
  /** Stops starting new iterations; running ones finish. */
  stop(): void;
  /** Iterations running now. */
  readonly active: number;
  /** Current target: VUs (closed) or arrivals per second (open). */
  readonly target: number;
  /** Iterations started so far. */
  readonly started: number;
}
