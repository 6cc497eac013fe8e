/**
 * Scenario files and their runtime building blocks: the public surface of `src/load/scenario/`,
 * re-exported by `loadline/load`.
 */
export type * from './model.js';
export type * from './normalized-model.js';
export { defineScenario, defineScenarios } from './define.js';
export { loadScenario, importScenarioModule } from './load-scenario.js';
export { normalizeScenario, DEFAULT_REDIRECTS } from './normalize.js';
export { scenarioSchema } from './schema.js';
export { compileScenario, type CompiledScenario, type CompiledFlow, type CompiledStep, type CompileOptions } from './compile-scenario.js';
export { compileTemplate, isTemplated, type Template, type TemplateScope } from './template.js';
export { parseJsonPath, readJsonPath, type JsonPath } from './json-path.js';
export { parseCsv } from './csv.js';
export { readDataRows, type DataRows, type ReadDataOptions } from './data-source.js';
export { compileCapture, type CompiledCapture } from './capture.js';
export { compileCheck, type CheckScope, type CompiledCheck } from './check.js';
export { checkName } from './check-name.js';
export { outcomeNames, type NamedRequest, type OutcomeNames } from './outcome-names.js';
export { OutcomeCounts, type OutcomeSnapshot } from './outcome-counts.js';
export { ResponseView } from './response-view.js';
export { compileRequest, buildRequest, type CompiledRequest } from './request.js';
export { processResponse, processFailure, type CaptureListener, type CheckListener } from './process-response.js';
export { redirectTarget, type RedirectTarget } from './redirect.js';
export { CookieJar, type CookieUrl } from './cookie-jar.js';
export { Feeder, type FeederOptions } from './feeder.js';
export { FlowPicker } from './flow-picker.js';
export { sampleThinkMs, type ThinkRange } from './think-time.js';
export { seededRandom, mathRandom, randomInt, type Random } from './random.js';
export { createVuState, type VuState } from './vu-state.js';
export { DEFAULT_MAX_SERIES, MetricRegistry, normalizeTags, type MetricRegistryOptions, type MetricSnapshot, type MetricTags, type MetricTotalSummary, type TaggedMetricSummary } from './metric-registry.js';
export { shouldAbort } from './abort-on-fail.js';
export { resolveProfile, PROFILE_NAMES, type ProfileName, type ProfileOptions, type ResolvedProfile } from './profiles.js';
export { userShare, workerLoad } from './worker-share.js';
