import { invalidInput, LoadlineError, parseDuration } from '../../core/index.js';
import type { LoadModel, ModelOptions, Stage } from '../../load/index.js';
import { ClosedModel } from '../../load/model/ClosedModel.js';
import { OpenModel } from '../../load/model/OpenModel.js';
import { IterationsModel } from '../executors/IterationsModel.js';

/** The six executors of k6's `scenarios`. */
export const EXECUTORS = ['constant-vus', 'ramping-vus', 'constant-arrival-rate', 'ramping-arrival-rate', 'per-vu-iterations', 'shared-iterations'] as const;
export type Executor = (typeof EXECUTORS)[number];

/** One k6 scenario, resolved: when it runs, what it runs, and how to build its load model. */
export interface ScenarioPlan {
  name: string;
  executor: Executor;
  /** The exported function each iteration calls (`exec`); default `default`. */
  exec: string;
  /** `env`: merged over `__ENV` for this scenario's VUs. */
  env: Record<string, string>;
  tags: Record<string, string>;
  startMs: number;
  /** How long it starts iterations (its duration, stages or maxDuration), ms. */
  durationMs: number;
  gracefulStopMs: number;
  /** Most VUs it runs at once. */
  maxVus: number;
  /** Builds its model with the iteration the caller gives. */
  create(options: ModelOptions): LoadModel;
}

/** The command line's schedule flags, which replace the script's as in k6. */
export interface ScheduleOverrides {
  vus?: number;
  durationMs?: number;
  iterations?: number;
  /** `--stage`: VU targets. */
  stages?: readonly Stage[];
}

type Raw = Record<string, unknown>;

/**
 * Resolves a script's `options` (and the command line's flags) into scenarios, by k6's rules:
 * `scenarios` as given; else the shortcuts (`duration` is constant-vus, `stages` ramping-vus,
 * `iterations` shared-iterations), which may not be combined with `scenarios` (nor `duration` with
 * `stages`); else one iteration of one VU. Flags that set the schedule replace the script's.
 */
export function planScenarios(options: Raw, flags: ScheduleOverrides, file: string): ScenarioPlan[] {
  const where = { file };
  const shortcuts = (o: { vus?: unknown; duration?: unknown; iterations?: unknown; stages?: unknown }, fromFlags: boolean): ScenarioPlan[] | undefined => {
    const field = (name: string) => (fromFlags ? `--${name === 'stages' ? 'stage' : name}` : `options.${name}`);
    const vus = o.vus === undefined ? undefined : count(o.vus, field('vus'), where, 0);
    const durationMs = o.duration === undefined ? undefined : duration(o.duration, field('duration'), where);
    const iterations = o.iterations === undefined ? undefined : count(o.iterations, field('iterations'), where, 1);
    const stages = o.stages === undefined ? undefined : stageList(o.stages, field('stages'), where);
    if (stages !== undefined && durationMs !== undefined) throw invalidInput({ ...where, field: field('stages'), expected: `either ${field('duration')} or ${field('stages')}, not both (k6: multiple execution config shortcuts)` }, fromFlags ? 'LOADLINE_USAGE' : 'LOADLINE_INVALID_FILE');
    if (stages !== undefined && iterations !== undefined) throw invalidInput({ ...where, field: field('stages'), expected: `either ${field('iterations')} or ${field('stages')}, not both (k6: multiple execution config shortcuts)` }, fromFlags ? 'LOADLINE_USAGE' : 'LOADLINE_INVALID_FILE');
    if (iterations !== undefined) return [build('default', { executor: 'shared-iterations', vus: vus ?? 1, iterations, ...(durationMs !== undefined ? { maxDuration: durationMs } : {}) }, where)];
    if (stages !== undefined) return [build('default', { executor: 'ramping-vus', startVUs: vus ?? 1, stages: stages.map((s) => ({ duration: s.durationMs, target: s.target })) }, where)];
    if (durationMs !== undefined) {
      if (durationMs === 0) throw invalidInput({ ...where, field: field('duration'), value: o.duration, expected: 'a duration above 0' });
      return [build('default', { executor: 'constant-vus', vus: vus ?? 1, duration: durationMs }, where)];
    }
    return undefined;
  };

  const fromFlags = shortcuts({ vus: flags.vus, duration: flags.durationMs, iterations: flags.iterations, stages: flags.stages }, true);
  if (fromFlags) return fromFlags;
  const scenarios = options.scenarios;
  const usedShortcut = ['duration', 'stages', 'iterations'].find((k) => options[k] !== undefined && options[k] !== null);
  if (scenarios !== undefined && scenarios !== null) {
    if (usedShortcut) throw invalidInput({ ...where, field: `options.${usedShortcut}`, expected: `either options.scenarios or the ${usedShortcut} shortcut, not both (as in k6)` }, 'LOADLINE_INVALID_FILE');
    if (flags.vus !== undefined) throw invalidInput({ field: 'vus', value: flags.vus, expected: 'a duration, iterations or stages with it, to replace the script\'s scenarios (a VU count alone cannot say which scenario it changes)' }, 'LOADLINE_USAGE');
    if (typeof scenarios !== 'object' || Array.isArray(scenarios)) throw invalidInput({ ...where, field: 'options.scenarios', value: scenarios, expected: 'scenarios by name' }, 'LOADLINE_INVALID_FILE');
    const list = Object.entries(scenarios as Raw).map(([name, s]) => build(name, s, where));
    if (list.length === 0) throw invalidInput({ ...where, field: 'options.scenarios', expected: 'at least one scenario' }, 'LOADLINE_INVALID_FILE');
    return list;
  }
  const own = shortcuts({ vus: flags.vus ?? options.vus, duration: options.duration, iterations: options.iterations, stages: options.stages }, false);
  if (own) return own;
  return [build('default', { executor: 'per-vu-iterations', vus: flags.vus ?? (options.vus === undefined ? 1 : count(options.vus, 'options.vus', where, 1)), iterations: 1 }, where)];
}

function build(name: string, value: unknown, where: { file: string }): ScenarioPlan {
  const at = `options.scenarios.${name}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidInput({ ...where, field: at, value, expected: 'a scenario: { executor, ... }' }, 'LOADLINE_INVALID_FILE');
  const s = value as Raw;
  const executor = s.executor as Executor;
  if (!EXECUTORS.includes(executor)) throw invalidInput({ ...where, field: `${at}.executor`, value: s.executor, expected: `one of ${EXECUTORS.join(', ')}` }, 'LOADLINE_INVALID_FILE');
  const known: Record<Executor, string[]> = {
    'constant-vus': ['vus', 'duration'],
    'ramping-vus': ['startVUs', 'stages', 'gracefulRampDown'],
    'constant-arrival-rate': ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
    'ramping-arrival-rate': ['startRate', 'timeUnit', 'stages', 'preAllocatedVUs', 'maxVUs'],
    'per-vu-iterations': ['vus', 'iterations', 'maxDuration'],
    'shared-iterations': ['vus', 'iterations', 'maxDuration'],
  };
  for (const key of Object.keys(s)) {
    if (!['executor', 'startTime', 'gracefulStop', 'exec', 'env', 'tags', 'options', ...known[executor]].includes(key)) {
      throw invalidInput({ ...where, field: `${at}.${key}`, expected: `no such field for ${executor} (it takes ${known[executor].join(', ')}, startTime, gracefulStop, exec, env, tags)` }, 'LOADLINE_INVALID_FILE');
    }
  }
  const field = (k: string) => `${at}.${k}`;
  const opt = <T>(k: string, parse: (v: unknown, f: string) => T, fallback: T): T => (s[k] === undefined ? fallback : parse(s[k], field(k)));
  const dur = (v: unknown, f: string) => duration(v, f, where);
  const int = (min: number) => (v: unknown, f: string) => count(v, f, where, min);
  const plan = {
    name,
    executor,
    exec: opt('exec', (v, f) => text(v, f, where), 'default'),
    env: opt('env', (v, f) => strings(v, f, where), {}),
    tags: opt('tags', (v, f) => strings(v, f, where), {}),
    startMs: opt('startTime', dur, 0),
    gracefulStopMs: opt('gracefulStop', dur, 30_000),
  };
  const required = (k: string) => {
    if (s[k] === undefined) throw invalidInput({ ...where, field: field(k), expected: `this field for ${executor}` }, 'LOADLINE_INVALID_FILE');
  };
  switch (executor) {
    case 'constant-vus': {
      required('duration');
      const vus = opt('vus', int(1), 1);
      const durationMs = dur(s.duration, field('duration'));
      return { ...plan, durationMs, maxVus: vus, create: (o) => new ClosedModel({ ...o, startVus: vus, stages: [{ durationMs, target: vus }] }) };
    }
    case 'ramping-vus': {
      required('stages');
      const startVus = opt('startVUs', int(0), 1);
      const stages = stageList(s.stages, field('stages'), where);
      const durationMs = stages.reduce((a, st) => a + st.durationMs, 0);
      return { ...plan, durationMs, maxVus: Math.max(startVus, ...stages.map((st) => st.target)), create: (o) => new ClosedModel({ ...o, startVus, stages }) };
    }
    case 'constant-arrival-rate': {
      for (const k of ['rate', 'duration', 'preAllocatedVUs']) required(k);
      const unitMs = opt('timeUnit', dur, 1000);
      const rate = (positive(s.rate, field('rate'), where) * 1000) / unitMs;
      const durationMs = dur(s.duration, field('duration'));
      const pre = count(s.preAllocatedVUs, field('preAllocatedVUs'), where, 0);
      const maxVus = Math.max(pre, opt('maxVUs', int(1), pre), 1);
      return { ...plan, durationMs, maxVus, create: (o) => new OpenModel({ ...o, startRate: rate, stages: [{ durationMs, target: rate }], maxVus }) };
    }
    case 'ramping-arrival-rate': {
      for (const k of ['stages', 'preAllocatedVUs']) required(k);
      const unitMs = opt('timeUnit', dur, 1000);
      const startRate = (opt('startRate', (v, f) => nonNegative(v, f, where), 0) * 1000) / unitMs;
      const stages = stageList(s.stages, field('stages'), where, false).map((st) => ({ durationMs: st.durationMs, target: (st.target * 1000) / unitMs }));
      const durationMs = stages.reduce((a, st) => a + st.durationMs, 0);
      const pre = count(s.preAllocatedVUs, field('preAllocatedVUs'), where, 0);
      const maxVus = Math.max(pre, opt('maxVUs', int(1), pre), 1);
      return { ...plan, durationMs, maxVus, create: (o) => new OpenModel({ ...o, startRate, stages, maxVus }) };
    }
    case 'per-vu-iterations':
    case 'shared-iterations': {
      const vus = opt('vus', int(1), 1);
      const iterations = opt('iterations', int(1), 1);
      if (executor === 'shared-iterations' && iterations < vus) throw invalidInput({ ...where, field: field('iterations'), value: iterations, expected: `at least vus (${vus}), as k6 requires` }, 'LOADLINE_INVALID_FILE');
      const durationMs = opt('maxDuration', dur, 600_000);
      const mode = executor === 'per-vu-iterations' ? 'per-vu' : 'shared';
      return { ...plan, durationMs, maxVus: vus, create: (o) => new IterationsModel({ ...o, vus, mode, iterations }) };
    }
  }
}

/** k6 durations: text with units (`1m30s`), or a number of milliseconds. */
export function duration(value: unknown, field: string, where: { file?: string } = {}): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  try {
    return parseDuration(value, field, where);
  } catch (err) {
    throw new LoadlineError('LOADLINE_INVALID_FILE', (err as Error).message, { ...where, field, value });
  }
}

function count(value: unknown, field: string, where: { file: string }, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw invalidInput({ ...where, field, value, expected: `a whole number of at least ${min}` }, 'LOADLINE_INVALID_FILE');
  return value;
}

function positive(value: unknown, field: string, where: { file: string }): number {
  if (typeof value !== 'number' || !(value > 0)) throw invalidInput({ ...where, field, value, expected: 'a number above 0' }, 'LOADLINE_INVALID_FILE');
  return value;
}

function nonNegative(value: unknown, field: string, where: { file: string }): number {
  if (typeof value !== 'number' || !(value >= 0)) throw invalidInput({ ...where, field, value, expected: 'a number of at least 0' }, 'LOADLINE_INVALID_FILE');
  return value;
}

function text(value: unknown, field: string, where: { file: string }): string {
  if (typeof value !== 'string' || value === '') throw invalidInput({ ...where, field, value, expected: 'a name' }, 'LOADLINE_INVALID_FILE');
  return value;
}

function strings(value: unknown, field: string, where: { file: string }): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidInput({ ...where, field, value, expected: 'values by name' }, 'LOADLINE_INVALID_FILE');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

function stageList(value: unknown, field: string, where: { file: string }, whole = true): Stage[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidInput({ ...where, field, value, expected: 'a list of { duration, target }' }, 'LOADLINE_INVALID_FILE');
  return value.map((st: unknown, i) => {
    if ('durationMs' in (st as object)) return st as Stage;
    const s = st as Raw;
    const target = s?.target;
    if (typeof target !== 'number' || target < 0 || (whole && !Number.isInteger(target))) throw invalidInput({ ...where, field: `${field}[${i}].target`, value: target, expected: whole ? 'a whole number of VUs' : 'a rate of at least 0' }, 'LOADLINE_INVALID_FILE');
    return { durationMs: duration(s.duration, `${field}[${i}].duration`, where), target };
  });
}
