import type { Clock } from '../../core/index.js';
import type { Iteration } from './iteration.js';
import type { ResolvedLoadOptions } from '../LoadOptions.js';
import type { RequestRecorder } from './RequestRecorder.js';
import type { RunStats } from '../stats/RunStats.js';

/** What a run hands to the code that builds its iteration (quick mode, scenario flows). */
export interface IterationContext {
  options: ResolvedLoadOptions;
  stats: RunStats;
  /** Records request outcomes with latency from the intended start; skips warm-up requests. */
  recorder: RequestRecorder;
  clock: Clock;
}

/** An iteration and how to release what it holds (connection pools) at the end of the run. */
export interface IterationSetup {
  iteration: Iteration;
  close?(): Promise<void>;
}

/** Builds the iteration VUs run; called once per run, before the first iteration. */
export type IterationFactory = (context: IterationContext) => IterationSetup;
