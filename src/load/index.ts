/**
 * loadline's load engine (`loadline/load`): closed-model VUs and open-model arrival rates, stages,
 * HDR latency per endpoint, per-interval series, thresholds and the result file; scenarios,
 * worker threads and the capacity search (`findCapacity`, spike and soak runs).
 *
 * What users call and the types they write. The engine's own pieces (models, iterations,
 * scenario compiling and runtime, capacity steps) are not exported: internal code imports them
 * from their files. docs/api.md lists the runtime names; a test keeps it in step.
 *
 * @example
 * import { runLoad } from 'loadline/load';
 * const result = await runLoad({ url: 'http://127.0.0.1:3000/api/users', rate: 200, durationMs: 30_000, thresholds: ['http_req_duration:p(95)<200'] });
 */
// Running a load
export { runLoad, startLoad, type LoadRun, type ProgressSnapshot } from './LoadRun.js';
export type { LoadOptions, ResolvedLoadOptions } from './LoadOptions.js';
export type { Stage } from './model/Stage.js';
export type { LoadModel, ModelEvents, ModelOptions } from './model/LoadModel.js';
export type { Iteration, IterationDone, VirtualUser } from './iteration/iteration.js';
export type { IterationContext, IterationFactory, IterationSetup } from './iteration/IterationContext.js';
export type { RequestRecorder } from './iteration/RequestRecorder.js';
export { RunStats, type ExpectedStatus } from './stats/RunStats.js';
export type { EndpointStats } from './stats/EndpointStats.js';
export { evaluateThresholds, parseThreshold, thresholdsPassed, type MetricSource, type MetricType, type Observation, type Threshold } from './stats/thresholds.js';
export { formatSummary, describeProfile, type SummaryOptions } from './output/formatSummary.js';
export { ProgressPrinter, formatProgress, type ProgressPrinterOptions } from './output/ProgressPrinter.js';
export { redactHeaders, redactUrl, REDACTED } from './output/redact.js';
export { createPool } from './http/index.js';
export type { HttpPool, PoolOptions, RequestSpec, ResponseInfo, TransportError, RequestTimings } from './http/index.js';

// Scenarios
export { startScenario, runScenario, type ScenarioRunOptions } from './ScenarioRun.js';
export * from './scenario/index.js';

// Worker threads
export { startWorkers, type WorkersRunOptions } from './workers/startWorkers.js';
export { snapshotRunStats, mergeRunStats, type RunStatsSnapshot, type EndpointSnapshot } from './workers/RunStatsSnapshot.js';

// Capacity search, spike recovery and soak drift (docs/capacity.md)
export { findCapacity, type CapacityReport, type StopReason } from './capacity/CapacitySearch.js';
export type { CapacityOptions } from './capacity/CapacityOptions.js';
export type { StepLoad, ScenarioSource, LoadShape, PreparedSource } from './capacity/LoadSource.js';
export type { FindStep, BreakRules } from './capacity/LoadStep.js';
export type { GeneratorMeter, GeneratorUsage } from './capacity/GeneratorMeter.js';
export { spikeRecovery, type SpikeRecovery, type SpikeRecoveryOptions } from './capacity/SpikeRecovery.js';
export { soakDegradation, type SoakDegradation, type SoakOptions, type SoakWindow, type MemoryPoint } from './capacity/SoakDegradation.js';
export { formatCapacityText, formatSpikeText, formatSoakText, type CapacityTextOptions } from './capacity/CapacityFormat.js';
export { runSpike, spikeReport, type SpikeRunOptions, type SpikeRunReport, type SpikeReportOptions } from './capacity/SpikeRun.js';
export { runSoak, soakReport, soakDegraded, type SoakRunOptions, type SoakRunReport, type SoakReportOptions } from './capacity/SoakRun.js';

// Repeated runs (`run --repeat`) and server sampling during a run (`--monitor`, `--sample-*`)
export * from './repeat/index.js';
export * from './sampling/index.js';

// Deprecated since 0.2.0, removed in 0.3.0: test targets moved to loadline/testing.
import { startDemoTarget as startDemoTargetMoved, type DemoTarget as DemoTargetMoved, type DemoTargetOptions as DemoTargetOptionsMoved } from '../demo/DemoTarget.js';
/** @deprecated since 0.2.0: import `startDemoTarget` from `loadline/testing`. */
export const startDemoTarget = startDemoTargetMoved;
/** @deprecated since 0.2.0: import `DemoTarget` from `loadline/testing`. */
export type DemoTarget = DemoTargetMoved;
/** @deprecated since 0.2.0: import `DemoTargetOptions` from `loadline/testing`. */
export type DemoTargetOptions = DemoTargetOptionsMoved;
export { startRateCappedServer, type RateCappedServer, type RateCappedServerOptions } from './capacity/index.js';

// Deprecated since 0.2.0, removed in 0.3.0: engine internals that 0.1.0 exported and the docs
// named (docs/load.md). Run loads with `runLoad` / `startLoad`, scenarios with `runScenario`.
import { ArrivalSchedule as ArrivalScheduleImpl } from './model/ArrivalSchedule.js';
import { ClosedModel as ClosedModelImpl, type ClosedModelOptions as ClosedModelOptionsImpl } from './model/ClosedModel.js';
import { OpenModel as OpenModelImpl, type OpenModelOptions as OpenModelOptionsImpl } from './model/OpenModel.js';
import { RequestIteration as RequestIterationImpl, type RequestIterationOptions as RequestIterationOptionsImpl } from './iteration/RequestIteration.js';
import { ScenarioIteration as ScenarioIterationImpl, type ScenarioIterationOptions as ScenarioIterationOptionsImpl } from './iteration/ScenarioIteration.js';
import { RunStatsSource as RunStatsSourceImpl } from './stats/RunStatsSource.js';
import { buildResult as buildResultImpl, type BuildResultInput as BuildResultInputImpl } from './buildResult.js';
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; `rate` and `stages` in `LoadOptions` set the arrivals. */
export const ArrivalSchedule = ArrivalScheduleImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type ArrivalSchedule = ArrivalScheduleImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; `vus` (without `rate`) in `LoadOptions` runs the closed model. */
export const ClosedModel = ClosedModelImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type ClosedModel = ClosedModelImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type ClosedModelOptions = ClosedModelOptionsImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; `rate` in `LoadOptions` runs the open model. */
export const OpenModel = OpenModelImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type OpenModel = OpenModelImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type OpenModelOptions = OpenModelOptionsImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; `url`, `method`, `headers` and `body` in `LoadOptions` make quick mode's iteration. */
export const RequestIteration = RequestIterationImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type RequestIteration = RequestIterationImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type RequestIterationOptions = RequestIterationOptionsImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; run scenarios with `runScenario` / `startScenario`. */
export const ScenarioIteration = ScenarioIterationImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type ScenarioIteration = ScenarioIterationImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type ScenarioIterationOptions = ScenarioIterationOptionsImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; `thresholds` in `LoadOptions` are judged on the built-in metrics, the result lists each. */
export const RunStatsSource = RunStatsSourceImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type RunStatsSource = RunStatsSourceImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; `runLoad` resolves with the result file, `startLoad(...).result` too. */
export const buildResult = buildResultImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type BuildResultInput = BuildResultInputImpl;
