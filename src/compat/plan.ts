import type { RunResult } from '../core/index.js';
import type { LoadOptions, LoadRun } from '../load/index.js';
import type { MetricRegistry } from '../load/scenario/metrics/MetricRegistry.js';

/** The tools whose scripts loadline runs unchanged, and `scenarios`: a loadline scenario set (several scenarios, iteration functions) run on the same layer. */
export type ForeignTool = 'k6' | 'artillery' | 'scenarios';

/**
 * A k6 script or an Artillery file translated onto loadline's engine: the load options (its
 * schedule, its iteration, its metrics) and what runs around the load.
 */
export interface CompatPlan {
  tool: ForeignTool;
  /** Absolute path of the script. */
  file: string;
  /** Options for `startLoad`: the schedule (or `loadModel`), `iteration`, `metricSources`, thresholds. */
  load: LoadOptions;
  /** The script's custom metrics; their summary goes into the result's `summary.metrics`. */
  metrics: MetricRegistry;
  /** Runs once before the load (k6's `setup`); default none. */
  before?(): Promise<void>;
  /** Called once the load started, with its handle (k6's `exec.test.abort()` stops it); default none. */
  started?(run: LoadRun): void;
  /** Runs once after the load with its result, which it may amend (teardown, ensure, handleSummary); default none. */
  after?(result: RunResult): Promise<void>;
  /** What the script asks to print instead of loadline's summary (k6's `handleSummary` stdout); set by `after`. */
  summaryText?: string;
  /** The tool's exit code when its rules give one that loadline's do not (k6: 107 script error, 108 `exec.test.abort()`); set during the run. */
  exitCode?: number;
}
