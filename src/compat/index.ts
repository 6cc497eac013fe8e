/**
 * Compatibility: k6 scripts and Artillery scripts run unchanged on loadline's engine, with its
 * measurement (HDR histograms, no coordinated omission in the open model), result file, reports,
 * `compare` and `find`. The public surface of `src/compat/`.
 */
export { detectForeignScript, detectForeignFile, type ForeignScript } from './detect.js';
export type { CompatPlan, ForeignTool } from './plan.js';
export { startCompat, type CompatRun } from './startCompat.js';
export { planK6, K6_EXIT, type K6RunOptions } from './k6/index.js';
export { planArtillery, phaseStages, loadArtilleryScript, deepMerge, artilleryMetrics, judgeEnsure, type ArtilleryRunOptions, type LoadArtilleryOptions } from './artillery/index.js';
export { ScheduleSet, type ScheduledModel } from './executors/ScheduleSet.js';
export { IterationsModel, type IterationsModelOptions } from './executors/IterationsModel.js';
export { OriginPools, type OriginPoolsOptions, type ParsedUrl } from './http/OriginPools.js';
export { foreignStepSource } from './stepSource.js';
export { planScenarioSet, ScenarioSetProgram, type ScenarioSetRunOptions } from './scenarios/index.js';
export { detectScenarioSet } from './detect.js';
