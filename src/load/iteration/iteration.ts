/**
 * The unit of work of the load engine. A virtual user (VU) runs iterations one after another
 * (closed model) or is handed one iteration at its intended start time (open model). Quick mode's
 * iteration is one request; scenario flows (steps, checks, captures, think time) are iterations
 * too, so both models drive them without change.
 */
export interface VirtualUser {
  /** 0-based id, stable for the VU's life; open-model slots are VUs reused across iterations. */
  readonly id: number;
  /** Iterations this VU has started. */
  iterations: number;
  /** Per-VU variables kept across iterations (captures, cookies, feeder position). */
  readonly state: Record<string, unknown>;
}

/**
 * Called once when an iteration ends; `failed` is true when any of its requests or checks failed.
 * `unreachable` is true when it reached no server at all: a request was refused or reset before
 * any response and none got one (the closed model then backs that VU off).
 */
export type IterationDone = (failed: boolean, unreachable?: boolean) => void;

export interface Iteration {
  /**
   * Runs one iteration for `vu` and calls `done` exactly once, never throwing into the run.
   * `intendedStartMs` is the clock time the iteration was due (open model: its arrival time,
   * which latency is measured from, so queueing behind a stalled server counts).
   */
  run(vu: VirtualUser, intendedStartMs: number, done: IterationDone): void;
  /** Called when a VU is created, e.g. to pre-bind per-VU callbacks; optional. */
  prepare?(vu: VirtualUser): void;
}

/** Creates a VU record with empty state. */
export function createVirtualUser(id: number): VirtualUser {
  return { id, iterations: 0, state: {} };
}
