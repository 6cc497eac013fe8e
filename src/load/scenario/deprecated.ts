// Deprecated since 0.2.0, removed in 0.3.0: the engine's scenario pieces that `loadline/load`
// exported in 0.1.0 and docs/scenarios.md ("Runtime pieces") named. They are the engine's
// internals, not an API: run scenarios with `runScenario` / `startScenario`.
import { compileScenario as compileScenarioImpl, type CompiledScenario as CompiledScenarioImpl, type CompileOptions as CompileOptionsImpl } from './compile/compileScenario.js';
import { createVuState as createVuStateImpl, type VuState as VuStateImpl } from './run/vuState.js';
import { CookieJar as CookieJarImpl } from './run/CookieJar.js';
import { ResponseView as ResponseViewImpl } from './run/ResponseView.js';
import { buildRequest as buildRequestImpl, type CompiledRequest as CompiledRequestImpl } from './run/request.js';
import { processResponse as processResponseImpl, processFailure as processFailureImpl } from './run/processResponse.js';
import { redirectTarget as redirectTargetImpl } from './run/redirect.js';
import { sampleThinkMs as sampleThinkMsImpl } from './run/thinkTime.js';
import { outcomeNames as outcomeNamesImpl } from './metrics/outcomeNames.js';
import { OutcomeCounts as OutcomeCountsImpl, type OutcomeSnapshot as OutcomeSnapshotImpl } from './metrics/OutcomeCounts.js';
import { MetricRegistry as MetricRegistryImpl, normalizeTags as normalizeTagsImpl, type MetricRegistryOptions as MetricRegistryOptionsImpl, type MetricSnapshot as MetricSnapshotImpl } from './metrics/MetricRegistry.js';
import { shouldAbort as shouldAbortImpl } from './metrics/abortOnFail.js';
import { userShare as userShareImpl, workerLoad as workerLoadImpl } from './workerShare.js';

const INTERNAL = 'an engine internal; run scenarios with `runScenario` / `startScenario`';

/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; run scenarios with `runScenario` / `startScenario`. */
export const compileScenario = compileScenarioImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type CompiledScenario = CompiledScenarioImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type CompileOptions = CompileOptionsImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type CompiledRequest = CompiledRequestImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; run scenarios with `runScenario` / `startScenario`. */
export const createVuState = createVuStateImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type VuState = VuStateImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal (each VU's cookies); run scenarios with `runScenario` / `startScenario`. */
export const CookieJar = CookieJarImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type CookieJar = CookieJarImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; run scenarios with `runScenario` / `startScenario`. */
export const ResponseView = ResponseViewImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; check functions receive a `CheckResponse`. */
export type ResponseView = ResponseViewImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; run scenarios with `runScenario` / `startScenario`. */
export const buildRequest = buildRequestImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; run scenarios with `runScenario` / `startScenario`. */
export const processResponse = processResponseImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; run scenarios with `runScenario` / `startScenario`. */
export const processFailure = processFailureImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; run scenarios with `runScenario` / `startScenario`. */
export const redirectTarget = redirectTargetImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; run scenarios with `runScenario` / `startScenario`. */
export const sampleThinkMs = sampleThinkMsImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; run scenarios with `runScenario` / `startScenario`. */
export const outcomeNames = outcomeNamesImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; a run's check counts are in its result (`summary.checks`). */
export const OutcomeCounts = OutcomeCountsImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type OutcomeCounts = OutcomeCountsImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type OutcomeSnapshot = OutcomeSnapshotImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; declare custom metrics under a scenario's `metrics`, their figures are in the result (`summary.metrics`). */
export const MetricRegistry = MetricRegistryImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type MetricRegistry = MetricRegistryImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type MetricRegistryOptions = MetricRegistryOptionsImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal. */
export type MetricSnapshot = MetricSnapshotImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; a sample's tags are checked when it is recorded. */
export const normalizeTags = normalizeTagsImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; `abortOnFail` thresholds stop a run by themselves. */
export const shouldAbort = shouldAbortImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; `startWorkers` splits the load. */
export const userShare = userShareImpl;
/** @deprecated since 0.2.0, removed in 0.3.0: an engine internal; `startWorkers` splits the load. */
export const workerLoad = workerLoadImpl;
