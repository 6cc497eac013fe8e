/**
 * Scenario files and their runtime building blocks: the public surface of `src/load/scenario/`,
 * re-exported by `loadline/load`.
 */
export type * from './model.js';
export type * from './normalizedModel.js';
export { defineScenario, defineScenarios } from './define.js';
export { loadScenario, importScenarioModule } from './loadScenario.js';
export { normalizeScenario, DEFAULT_REDIRECTS } from './normalize.js';
export { scenarioSchema } from './schema.js';
export { compileScenario, type CompiledScenario, type CompiledFlow, type CompiledStep, type CompileOptions } from './compileScenario.js';
export { compileTemplate, isTemplated, type Template, type TemplateScope } from './template.js';
export { parseJsonPath, readJsonPath, type JsonPath } from './jsonPath.js';
export { parseCsv } from './csv.js';
export { readDataRows, type DataRows, type ReadDataOptions } from './dataSource.js';
export { compileCapture, type CompiledCapture } from './capture.js';
export { compileCheck, type CheckScope, type CompiledCheck } from './check.js';
export { checkName } from './checkName.js';
export { outcomeNames, type NamedRequest, type OutcomeNames } from './outcomeNames.js';
export { OutcomeCounts, type OutcomeSnapshot } from './OutcomeCounts.js';
export { ResponseView } from './ResponseView.js';
export { compileRequest, buildRequest, type CompiledRequest } from './request.js';
export { processResponse, processFailure, type CaptureListener, type CheckListener } from './processResponse.js';
export { redirectTarget, type RedirectTarget } from './redirect.js';
export { CookieJar, type CookieUrl } from './CookieJar.js';
export { Feeder, type FeederOptions } from './feeder.js';
export { FlowPicker } from './FlowPicker.js';
export { sampleThinkMs, type ThinkRange } from './thinkTime.js';
export { seededRandom, mathRandom, randomInt, type Random } from './random.js';
export { createVuState, type VuState } from './vuState.js';
export { DEFAULT_MAX_SERIES, MetricRegistry, normalizeTags, type MetricRegistryOptions, type MetricSnapshot, type MetricTags, type MetricTotalSummary, type TaggedMetricSummary } from './MetricRegistry.js';
export { shouldAbort } from './abortOnFail.js';
export { resolveProfile, PROFILE_NAMES, type ProfileName, type ProfileOptions, type ResolvedProfile } from './profiles.js';
export { userShare, workerLoad } from './workerShare.js';
