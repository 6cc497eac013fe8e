/**
 * Scenarios, as users write and run them: the scenario model (TS or YAML) and the helpers that
 * type it, `loadScenario`, and the named load profiles. The public surface of
 * `src/load/scenario/`, re-exported by `loadline/load`. The engine's pieces live in rooms that are
 * not public: `compile/` (loading, validating, normalizing, compiling), `run/` (per-VU state,
 * requests, responses, captures, checks, cookies, think time) and `metrics/` (custom metrics,
 * check and capture counts, `abortOnFail`); the engine imports them from their files.
 *
 * @example
 * import { defineScenario } from 'loadline/load';
 * export default defineScenario({ target: 'http://127.0.0.1:3000', flows: [{ name: 'home', steps: [{ request: { path: '/' } }] }] });
 */
export type * from './model.js';
export type * from './compile/normalizedModel.js';
export { defineScenario, defineScenarios } from './define.js';
export { loadScenario } from './compile/loadScenario.js';
export { resolveProfile, PROFILE_NAMES, type ProfileName, type ProfileOptions, type ResolvedProfile } from './profiles.js';
export type { MetricTags } from './metrics/MetricRegistry.js';
export * from './deprecated.js';
