import { invalidInput, LoadlineError } from '../../core/index.js';
import type { MetricType, ScenarioSchedule } from '../../load/index.js';
import type { K6Context, VuState } from '../k6/K6Context.js';
import type { VuProgram } from '../k6/K6Iteration.js';
import { duration, EXECUTORS, planScenarios } from '../k6/options.js';
import { iterationContext } from './iterationContext.js';

type Fn = (...args: unknown[]) => unknown;
const METRIC_TYPES: readonly MetricType[] = ['counter', 'gauge', 'rate', 'trend'];
const METRIC_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;
const RESERVED = new Set(['default', 'module.exports', 'scenarios', 'target', 'thresholds', 'metrics', 'setup', 'teardown', 'options', 'handleSummary']);

/**
 * A loadline scenario set (a module exporting `scenarios` and the async functions they name) as a
 * program of the k6 layer: its module is imported once (module state is shared by every VU, unlike
 * a k6 script's), and each VU gets its own context bound to the functions the scenarios run.
 * Everything is validated here, before any load, with the file and the field.
 */
export class ScenarioSetProgram implements VuProgram {
  /** k6-shaped options: the scenarios (exec and arrival VUs filled in) and thresholds. */
  readonly options: Record<string, unknown>;
  readonly pendingHint = 'a request (or a function that makes one) was not awaited; await every t.http call (docs/scenarios.md)';
  readonly #file: string;
  readonly #target: string | undefined;
  readonly #functions: Map<string, Fn>;
  readonly #setup: Fn | undefined;
  readonly #teardown: Fn | undefined;
  readonly #metrics: Record<string, MetricType>;
  readonly #declared: Set<string>;
  #defined = false;

  constructor(file: string, mod: Record<string, unknown>, target?: string) {
    this.#file = file;
    const where = { file };
    const fail = (field: string, value: unknown, expected: string) => invalidInput({ ...where, field, value, expected }, 'LOADLINE_INVALID_FILE');
    const scenarios = mod.scenarios;
    if (scenarios === null || typeof scenarios !== 'object' || Array.isArray(scenarios) || Object.keys(scenarios).length === 0) throw fail('scenarios', scenarios, 'scenarios by name: export const scenarios = defineScenarios({ browse: { executor: ..., exec: "browse" } })');
    // A module tsx runs as CommonJS also shows its exports object as `default`.
    const interop = mod.default !== null && typeof mod.default === 'object' && (mod.default as Record<string, unknown>).scenarios === scenarios;
    if (mod.default !== undefined && !interop) throw fail('default export', '(a default export)', 'either `export default defineScenario(...)` (one scenario) or `export const scenarios` (a scenario set), not both');
    const exported = Object.keys(mod).filter((k) => typeof mod[k] === 'function' && !RESERVED.has(k));
    this.#functions = new Map();
    const filled: Record<string, Record<string, unknown>> = {};
    for (const [name, raw] of Object.entries(scenarios as Record<string, unknown>)) {
      const at = `scenarios.${name}`;
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw fail(at, raw, 'a scenario: { executor, ... }');
      const s = { ...(raw as Record<string, unknown>) };
      if (!EXECUTORS.includes(s.executor as (typeof EXECUTORS)[number])) throw fail(`${at}.executor`, s.executor, `one of ${EXECUTORS.join(', ')}`);
      s.exec ??= name;
      const exec = s.exec;
      if (typeof exec !== 'string' || typeof mod[exec] !== 'function' || RESERVED.has(exec)) throw fail(`${at}.exec`, exec, `the name of an async function the module exports (${exported.join(', ') || 'none exported'})`);
      this.#functions.set(exec, mod[exec] as Fn);
      if ((s.executor === 'constant-arrival-rate' || s.executor === 'ramping-arrival-rate') && s.preAllocatedVUs === undefined) s.preAllocatedVUs = typeof s.maxVUs === 'number' ? s.maxVUs : arrivalVus(s);
      filled[name] = s;
    }
    this.options = { scenarios: filled, ...(mod.thresholds !== undefined ? { thresholds: mod.thresholds } : {}) };
    // The executors' own checks (fields, durations, stages) name k6's `options.`; a set has no such level.
    renamed(() => planScenarios(this.options, {}, file));
    const metrics = mod.metrics ?? {};
    if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) throw fail('metrics', metrics, "custom metrics by name: { orders: 'counter' }");
    for (const [name, type] of Object.entries(metrics)) {
      if (!METRIC_NAME.test(name)) throw fail(`metrics.${name}`, name, 'a name of letters, digits and _, starting with a letter or _');
      if (!METRIC_TYPES.includes(type as MetricType)) throw fail(`metrics.${name}`, type, `one of ${METRIC_TYPES.join(', ')}`);
    }
    this.#metrics = metrics as Record<string, MetricType>;
    this.#declared = new Set(Object.keys(this.#metrics));
    for (const hook of ['setup', 'teardown'] as const) if (mod[hook] !== undefined && typeof mod[hook] !== 'function') throw fail(hook, mod[hook], 'a function');
    this.#setup = mod.setup as Fn | undefined;
    this.#teardown = mod.teardown as Fn | undefined;
    const origin = target ?? mod.target;
    if (origin !== undefined) {
      let url: URL | undefined;
      try {
        url = new URL(String(origin));
      } catch {
        url = undefined;
      }
      if (typeof origin !== 'string' || url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw fail(target !== undefined ? 'target (run option)' : 'target', origin, 'an http:// or https:// origin such as http://127.0.0.1:3000');
      this.#target = origin.replace(/\/+$/, '');
    }
  }

  instantiate(ctx: K6Context, vu: VuState): void {
    if (!this.#defined) {
      this.#defined = true;
      for (const [name, type] of Object.entries(this.#metrics)) ctx.metrics.define(name, type);
    }
    const t = iterationContext(ctx, vu, this.#target, this.#declared);
    const exports: Record<string, unknown> = { options: this.options };
    for (const [name, fn] of this.#functions) exports[name] = () => fn(t);
    const setup = this.#setup;
    const teardown = this.#teardown;
    if (setup) exports.setup = () => setup(t);
    if (teardown)
      exports.teardown = (data: unknown) => {
        vu.data = data;
        return teardown(t);
      };
    vu.exports = exports;
  }

  get file(): string {
    return this.#file;
  }
}

/** Open-model VUs when none are given: 100, or 10 s of the peak rate when that is more. */
function arrivalVus(s: Record<string, unknown>): number {
  const unitMs = typeof s.timeUnit === 'string' || typeof s.timeUnit === 'number' ? safeUnit(s.timeUnit) : 1000;
  const rates = [Number(s.rate ?? 0), Number(s.startRate ?? 0), ...(Array.isArray(s.stages) ? s.stages.map((st: { target?: unknown }) => Number(st?.target ?? 0)) : [])].filter(Number.isFinite);
  const perSecond = (Math.max(0, ...rates) * 1000) / unitMs;
  return Math.max(100, Math.ceil(perSecond * 10));
}

function safeUnit(value: string | number): number {
  try {
    return duration(value, 'timeUnit') || 1000;
  } catch {
    // The executor's own check names the field; this default only has to be finite.
    return 1000;
  }
}

/** Runs `work`, renaming k6's `options.scenarios` / `options.thresholds` in its error to the set's own exports. */
export function renamed<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    throw renamedError(err);
  }
}

/** The error with k6's `options.scenarios` / `options.thresholds` named as a set's exports (`scenarios`, `thresholds`). */
export function renamedError(err: unknown): unknown {
  if (!(err instanceof LoadlineError) || !/options\.(scenarios|thresholds)/.test(err.message)) return err;
  const fix = (text: string) => text.replace(/options\.(scenarios|thresholds)/g, '$1');
  const details = { ...err.details, ...(typeof err.details?.field === 'string' ? { field: fix(err.details.field) } : {}) };
  return new LoadlineError(err.code, fix(err.message), details, { cause: err });
}
