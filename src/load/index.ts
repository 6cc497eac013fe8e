/**
 * loadline's load engine (`loadline/load`): closed-model VUs and open-model arrival rates, stages,
 * HDR latency per endpoint, per-interval series, thresholds and the result file.
 *
 * @example
 * import { runLoad } from 'loadline/load';
 * const result = await runLoad({ url: 'http://127.0.0.1:3000/api/users', rate: 200, durationMs: 30_000, thresholds: ['http_req_duration:p(95)<200'] });
 */
export { runLoad, startLoad, type LoadRun, type ProgressSnapshot } from './LoadRun.js';
export { resolveLoadOptions, type LoadOptions, type ResolvedLoadOptions } from './LoadOptions.js';
export { targetAt, stagesDuration, type Stage } from './model/Stage.js';
export { ArrivalSchedule } from './model/ArrivalSchedule.js';
export { ClosedModel, type ClosedModelOptions } from './model/ClosedModel.js';
export { OpenModel, type OpenModelOptions } from './model/OpenModel.js';
export type { LoadModel, ModelEvents, ModelOptions } from './model/LoadModel.js';
export { createVirtualUser, type Iteration, type IterationDone, type VirtualUser } from './iteration/iteration.js';
export { RequestIteration, type RequestIterationOptions } from './iteration/RequestIteration.js';
export { quickIteration } from './iteration/quickIteration.js';
export type { IterationContext, IterationFactory, IterationSetup } from './iteration/IterationContext.js';
export { RequestRecorder } from './iteration/RequestRecorder.js';
export { RunStats, defaultExpectedStatus, type ExpectedStatus } from './stats/RunStats.js';
export { EndpointStats } from './stats/EndpointStats.js';
export { RunStatsSource } from './stats/RunStatsSource.js';
export { BUILTIN_METRICS, evaluateThresholds, parseThreshold, thresholdsPassed, type MetricSource, type MetricType, type Observation, type Threshold } from './stats/thresholds.js';
export { buildResult, MODEL_NOTES, type BuildResultInput } from './buildResult.js';
export { redactHeaders, redactUrl, isSecretName, REDACTED } from './output/redact.js';
export { formatSummary, type SummaryOptions } from './output/formatSummary.js';
export { ProgressPrinter, type ProgressPrinterOptions } from './output/ProgressPrinter.js';
export { createPool } from './http/index.js';
export type { HttpPool, PoolOptions, RequestSpec, ResponseInfo, TransportError, RequestTimings } from './http/index.js';
export { startScenario, runScenario, scenarioThresholds, runTeardown, type ScenarioRunOptions } from './ScenarioRun.js';
export { ScenarioIteration, type ScenarioIterationOptions } from './iteration/ScenarioIteration.js';
export * from './scenario/index.js';
export { startWorkers, type WorkersRunOptions } from './workers/startWorkers.js';
export { snapshotRunStats, mergeRunStats, type RunStatsSnapshot, type EndpointSnapshot } from './workers/RunStatsSnapshot.js';
export { splitLoad, type WorkerLoadOptions } from './workers/splitLoad.js';
export * from './capacity/index.js';

// Deprecated since 0.2.0, removed in 0.3.0: test targets moved to loadline/testing.
import { startDemoTarget as startDemoTargetMoved, type DemoTarget as DemoTargetMoved, type DemoTargetOptions as DemoTargetOptionsMoved } from '../demo/DemoTarget.js';
/** @deprecated since 0.2.0: import `startDemoTarget` from `loadline/testing`. */
export const startDemoTarget = startDemoTargetMoved;
/** @deprecated since 0.2.0: import `DemoTarget` from `loadline/testing`. */
export type DemoTarget = DemoTargetMoved;
/** @deprecated since 0.2.0: import `DemoTargetOptions` from `loadline/testing`. */
export type DemoTargetOptions = DemoTargetOptionsMoved;
