/**
 * Compatibility: k6 scripts and Artillery scripts run unchanged on loadline's engine, with its
 * measurement (HDR histograms, no coordinated omission in the open model), result file, reports,
 * `compare` and `find`; loadline's own TS scenario sets run on the same layer. The public surface
 * of `src/compat/` (docs/compat.md): tell a file's kind, turn it into a plan, run the plan.
 * Internal code imports the layer's pieces from their files.
 *
 * @example
 * import { detectForeignFile, planK6, planArtillery, startCompat } from 'loadline/compat';
 * const kind = detectForeignFile('script.js');
 * const plan = kind?.tool === 'artillery' ? await planArtillery('script.js') : await planK6('script.js');
 * const result = await (await startCompat(plan)).result;
 */
export { detectForeignFile, detectScenarioSet, type ForeignScript } from './detect.js';
export type { CompatPlan, ForeignTool } from './plan.js';
export { startCompat, type CompatRun } from './startCompat.js';
export { planK6, K6_EXIT, type K6RunOptions } from './k6/index.js';
export { planArtillery, type ArtilleryRunOptions } from './artillery/index.js';
export { planScenarioSet, type ScenarioSetRunOptions } from './scenarios/index.js';
export { foreignStepSource } from './stepSource.js';

// Deprecated since 0.2.0, removed in 0.3.0: the layer's internals that 0.1.0 exported and
// docs/compat.md named.
import { ScheduleSet as ScheduleSetImpl, type ScheduledModel as ScheduledModelImpl } from './executors/ScheduleSet.js';
import { artilleryMetrics as artilleryMetricsImpl } from './artillery/index.js';
/** @deprecated since 0.2.0, removed in 0.3.0: an internal of the compatibility layer; `planK6` and `planScenarioSet` build a plan whose scenarios run side by side. */
export const ScheduleSet = ScheduleSetImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an internal of the compatibility layer. */
export type ScheduleSet = ScheduleSetImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an internal of the compatibility layer. */
export type ScheduledModel = ScheduledModelImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an internal of the compatibility layer; the metric names an Artillery `ensure` may judge are listed in docs/compat.md. */
export const artilleryMetrics = artilleryMetricsImpl;
