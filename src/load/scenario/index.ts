/**
 * Scenario files and their runtime building blocks: the public surface of `src/load/scenario/`,
 * re-exported by `loadline/load`.
 */
export type * from './model.js';
export type * from './compile/normalizedModel.js';
export { defineScenario, defineScenarios } from './define.js';
export { loadScenario, importScenarioModule } from './compile/loadScenario.js';
export { normalizeScenario, DEFAULT_REDIRECTS } from './compile/normalize.js';
export { scenarioSchema } from './compile/schema.js';
export { compileScenario, type CompiledScenario, type CompiledFlow, type CompiledStep, type CompileOptions } from './compile/compileScenario.js';
export { compileTemplate, isTemplated, type Template, type TemplateScope } from './compile/template.js';
export { parseJsonPath, readJsonPath, type JsonPath } from './run/jsonPath.js';
export { parseCsv } from './compile/csv.js';
export { readDataRows, type DataRows, type ReadDataOptions } from './compile/dataSource.js';
export { compileCapture, type CompiledCapture } from './run/capture.js';
export { compileCheck, type CheckScope, type CompiledCheck } from './run/check.js';
export { checkName } from './metrics/checkName.js';
export { outcomeNames, type NamedRequest, type OutcomeNames } from './metrics/outcomeNames.js';
export { OutcomeCounts, type OutcomeSnapshot } from './metrics/OutcomeCounts.js';
export { ResponseView } from './run/ResponseView.js';
export { compileRequest, buildRequest, type CompiledRequest } from './run/request.js';
export { processResponse, processFailure, type CaptureListener, type CheckListener } from './run/processResponse.js';
export { redirectTarget, type RedirectTarget } from './run/redirect.js';
export { CookieJar, type CookieUrl } from './run/CookieJar.js';
export { Feeder, type FeederOptions } from './compile/feeder.js';
export { FlowPicker } from './run/FlowPicker.js';
export { sampleThinkMs, type ThinkRange } from './run/thinkTime.js';
export { seededRandom, mathRandom, randomInt, type Random } from './random.js';
export { createVuState, type VuState } from './run/vuState.js';
export { DEFAULT_MAX_SERIES, MetricRegistry, normalizeTags, type MetricRegistryOptions, type MetricSnapshot, type MetricTags, type MetricTotalSummary, type TaggedMetricSummary } from './metrics/MetricRegistry.js';
export { shouldAbort } from './metrics/abortOnFail.js';
export { resolveProfile, PROFILE_NAMES, type ProfileName, type ProfileOptions, type ResolvedProfile } from './profiles.js';
export { userShare, workerLoad } from './workerShare.js';
