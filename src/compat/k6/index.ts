import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { invalidInput, LoadlineError, systemClock, type Clock, type RunResult } from '../../core/index.js';
import { parseThreshold, type Iteration, type LoadOptions, type MetricType, type Threshold } from '../../load/index.js';
import { BUILTIN_METRICS } from '../../load/stats/thresholds.js';
import { MetricRegistry } from '../../load/scenario/metrics/MetricRegistry.js';
import { EndpointTable } from '../http/EndpointTable.js';
import { OriginPools } from '../http/OriginPools.js';
import { ScheduleSet } from '../executors/ScheduleSet.js';
import type { CompatPlan, ForeignTool } from '../plan.js';
import { K6Context, VuState } from './K6Context.js';
import { K6Iteration, type VuProgram } from './K6Iteration.js';
import { K6_EXIT } from './exitCodes.js';
import { K6Script, scriptError } from './K6Script.js';
import { planScenarios, type ScenarioPlan } from './options.js';
import { buildSummaryData, type K6SummaryData } from './summaryData.js';
import { textSummary } from './jslib.js';
import { openJsonOutput } from './jsonOutput.js';

export { K6_EXIT } from './exitCodes.js';

/** k6's metrics beyond loadline's built-in ones that a k6 script's thresholds may name. */
const K6_METRICS: Readonly<Record<string, MetricType>> = {
  http_req_waiting: 'trend',
  http_req_receiving: 'trend',
  http_req_sending: 'trend',
  http_req_blocked: 'trend',
  http_req_connecting: 'trend',
  http_req_tls_handshaking: 'trend',
  iteration_duration: 'trend',
  group_duration: 'trend',
  data_received: 'counter',
  data_sent: 'counter',
};
/** Tags loadline's own request statistics filter on; any other tag on an HTTP metric's threshold records the metric with k6's tags. */
const STATS_TAGS = new Set(['name', 'method', 'status']);

/** How to run a k6 script: k6's flags. */
export interface K6RunOptions {
  /** `-e KEY=VALUE`: `__ENV` over the process environment; default none. */
  env?: Record<string, string>;
  /** `--vus`. */
  vus?: number;
  /** `--duration`, ms. */
  durationMs?: number;
  /** `--iterations`. */
  iterations?: number;
  /** `--stage`: VU targets. */
  stages?: ReadonlyArray<{ durationMs: number; target: number }>;
  /** Extra thresholds in loadline's grammar (`--threshold`); default none. */
  thresholds?: readonly string[];
  /** https: accept any certificate (k6's `insecureSkipTLSVerify`); default the script's option. */
  insecure?: boolean;
  /** `--summary-export FILE`: k6's summary as JSON; default none. */
  summaryExport?: string;
  /** `--out json=FILE`: every sample as k6's JSON lines; default none. */
  jsonOut?: string;
  /** Time source of the schedule, pauses and latency; default the system clock. Tests pass a FakeClock. */
  clock?: Clock;
}

/**
 * Prepares a k6 script for loadline's engine: reads and rewrites its modules (rejecting what
 * cannot run, exit 2), runs its init context once to read `options` (an exception there exits
 * 107), resolves its scenarios (the command line's flags replace the script's schedule, as in
 * k6), and plans the run: `setup` before, the scenarios on their own models in one run, then
 * `teardown` and `handleSummary`.
 *
 * @example
 * const plan = await planK6('load.js', { env: { BASE_URL: 'http://127.0.0.1:3000' }, vus: 5, durationMs: 10_000 });
 * const run = await startCompat(plan);
 */
export async function planK6(file: string, options: K6RunOptions = {}): Promise<CompatPlan & { summaryData?: K6SummaryData }> {
  const path = resolve(file);
  return planVuProgram(path, K6Script.load(path), options, 'k6');
}

/**
 * Plans a run of any program on k6's model (a k6 script, or a loadline scenario set whose
 * functions take a context): its init VU's exports give `options`, `setup`, `teardown`,
 * `handleSummary` and the functions the scenarios name.
 */
export async function planVuProgram(path: string, script: VuProgram, options: K6RunOptions, tool: ForeignTool): Promise<CompatPlan & { summaryData?: K6SummaryData }> {
  const metrics = new MetricRegistry();
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...(options.env ?? {}) };
  // Pools open connections lazily: a generous cap lets each VU keep its own, as k6's do.
  const pools = new OriginPools({ connections: 100_000, timeoutMs: 60_000, insecure: options.insecure ?? false });
  const clock = options.clock ?? systemClock;
  const ctx = new K6Context({ clock, pools, metrics, file: path });

  const initVu = new VuState(0, undefined, env);
  try {
    script.instantiate(ctx, initVu);
  } catch (err) {
    throw scriptError(path, 'the init context', err);
  }
  const exported = initVu.exports;
  const scriptOptions = (exported.options ?? {}) as Record<string, unknown>;
  if (scriptOptions === null || typeof scriptOptions !== 'object') throw invalidInput({ file: path, field: 'options', value: scriptOptions, expected: 'an object' }, 'LOADLINE_INVALID_FILE');
  ctx.options = scriptOptions;
  applyOptions(ctx, scriptOptions, path, options);
  const plans = planScenarios(scriptOptions, { ...(options.vus !== undefined ? { vus: options.vus } : {}), ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}), ...(options.iterations !== undefined ? { iterations: options.iterations } : {}), ...(options.stages ? { stages: options.stages } : {}) }, path);
  for (const p of plans) {
    if (typeof exported[p.exec] !== 'function') {
      throw invalidInput({ file: path, field: p.name === 'default' && p.exec === 'default' ? 'export default' : `options.scenarios.${p.name}.exec`, value: p.exec, expected: `a function the script exports (${Object.keys(exported).filter((k) => typeof exported[k] === 'function').join(', ') || 'none'})` }, 'LOADLINE_INVALID_FILE');
    }
  }
  const handleSummary = typeof exported.handleSummary === 'function' ? (exported.handleSummary as (data: unknown) => unknown) : undefined;
  const wantsSummary = handleSummary !== undefined || options.summaryExport !== undefined;
  const thresholds = k6Thresholds(scriptOptions.thresholds, options.thresholds ?? [], metrics, ctx, path);
  if (wantsSummary) for (const name of ['http_req_waiting', 'http_req_receiving', 'http_req_sending', 'http_req_blocked', 'http_req_connecting', 'http_req_tls_handshaking', 'iteration_duration']) ctx.recorded.add(name);
  for (const name of ctx.recorded) metrics.define(name, K6_METRICS[name]!);
  if (ctx.taggedHttp) for (const [name, type] of [['http_req_duration', 'trend'], ['http_req_failed', 'rate'], ['http_reqs', 'counter']] as const) metrics.define(name, type);
  const timeTrends = new Set([...Object.keys(K6_METRICS).filter((k) => K6_METRICS[k] === 'trend'), ...ctx.timeTrends]);

  let nextVu = 0;
  const factory = { nextId: () => ++nextVu, env, setupJson: undefined as string | undefined };
  let setupData: unknown;
  const plan: CompatPlan & { summaryData?: K6SummaryData } = {
    tool,
    file: path,
    metrics,
    load: loadOptions(plans, thresholds, ctx, script, factory, path),
    started: (run) => {
      ctx.stopRun = (why) => run.stop(why);
    },
    before: async () => {
      if (options.jsonOut !== undefined) ctx.sample = await openJsonOutput(options.jsonOut, metrics, ctx);
      if (typeof exported.setup !== 'function') return;
      ctx.phase = 'setup';
      const vu = setupVu(script, ctx, env);
      try {
        setupData = await (vu.exports.setup as () => unknown)();
      } catch (err) {
        throw scriptError(path, 'setup()', err);
      }
      factory.setupJson = setupData === undefined ? undefined : JSON.stringify(setupData);
    },
    after: async (result: RunResult) => {
      ctx.detach('teardown');
      await ctx.sample?.close();
      ctx.sample = undefined;
      const origins = ctx.pools.origins();
      result.config.target = origins.length ? origins.join(', ') : path;
      if (ctx.scriptErrors.size) (result.config as Record<string, unknown>).k6 = { scriptErrors: Object.fromEntries(ctx.scriptErrors) };
      if (ctx.abortedByScript) plan.exitCode = K6_EXIT.aborted;
      if (ctx.initError !== undefined) plan.exitCode = K6_EXIT.scriptError;
      if (typeof exported.teardown === 'function') {
        const vu = setupVu(script, ctx, env);
        try {
          await (vu.exports.teardown as (d: unknown) => unknown)(factory.setupJson === undefined ? undefined : JSON.parse(factory.setupJson));
        } catch (err) {
          process.stderr.write(`${scriptError(path, 'teardown()', err).message}\n`);
          plan.exitCode = K6_EXIT.scriptError;
        }
      }
      if (!wantsSummary) return;
      const data = buildSummaryData({
        result,
        metrics,
        timeTrends,
        checks: [...ctx.checks.values()].map((c) => ({ group: c.group, name: c.name, label: c.group === '' ? c.name : `${c.group}::${c.name}` })),
        groups: ctx.groups,
        trendStats: Array.isArray(scriptOptions.summaryTrendStats) ? scriptOptions.summaryTrendStats.map(String) : [],
        timeUnit: typeof scriptOptions.summaryTimeUnit === 'string' ? scriptOptions.summaryTimeUnit : '',
        setupData,
        maxVus: plans.reduce((a, p) => a + p.maxVus, 0),
      });
      plan.summaryData = data;
      if (options.summaryExport) await writeFile(options.summaryExport, `${JSON.stringify(legacyExport(data), null, 2)}\n`);
      if (handleSummary) {
        let outputs: unknown;
        try {
          outputs = await handleSummary(data);
        } catch (err) {
          process.stderr.write(`${scriptError(path, 'handleSummary()', err).message}\n`);
          return;
        }
        plan.summaryText = '';
        for (const [target, content] of Object.entries((outputs ?? {}) as Record<string, unknown>)) {
          const text = typeof content === 'string' ? content : content instanceof ArrayBuffer ? Buffer.from(content) : JSON.stringify(content);
          if (target === 'stdout') plan.summaryText += String(text);
          else if (target === 'stderr') process.stderr.write(String(text));
          else await writeFile(target, text);
        }
      }
    },
  };
  return plan;
}

/** A VU for setup and teardown (`__VU` 0), with its own module instance, as k6's. */
function setupVu(script: VuProgram, ctx: K6Context, env: Record<string, string>): VuState {
  const vu = new VuState(0, undefined, env);
  try {
    script.instantiate(ctx, vu);
  } catch (err) {
    throw scriptError(ctx.file, 'the init context', err);
  }
  return vu;
}

function loadOptions(plans: ScenarioPlan[], thresholds: Threshold[], ctx: K6Context, script: VuProgram, factory: ConstructorParameters<typeof K6Iteration>[3], file: string): LoadOptions {
  const totalMs = Math.max(...plans.map((p) => p.startMs + p.durationMs), 1);
  const peak = Math.max(1, plans.reduce((a, p) => a + p.maxVus, 0));
  const grace = Math.max(...plans.map((p) => p.gracefulStopMs));
  const iterations = new Map<ScenarioPlan, K6Iteration>();
  let set: ScheduleSet | undefined;
  return {
    url: 'http://127.0.0.1/',
    model: 'closed',
    vus: peak,
    stages: [{ durationMs: totalMs, target: peak }],
    gracefulStopMs: grace + 1000,
    timeoutMs: ctx.timeoutMs,
    thresholds,
    scenario: file,
    clock: ctx.clock,
    ...(ctx.responseCallback ? { expectStatus: ctx.responseCallback.list() } : {}),
    iteration: (context) => {
      ctx.attach({ recorder: context.recorder, stats: context.stats, endpoints: new EndpointTable(context.stats), clock: context.clock });
      ctx.testStartMs = context.clock.now();
      ctx.testStartWall = context.clock.wallNow();
      for (const p of plans) iterations.set(p, new K6Iteration(script, ctx, p, factory));
      ctx.activeVus = () => set?.active ?? 0;
      const unused: Iteration = { run: (_vu, _start, done) => done(false) };
      return {
        iteration: unused,
        close: async () => {
          for (const it of iterations.values()) it.interrupt();
          await ctx.pools.close();
        },
      };
    },
    loadModel: (o) => {
      set = new ScheduleSet(
        o,
        plans.map((p) => ({ name: p.name, startMs: p.startMs, durationMs: p.durationMs, gracefulStopMs: p.gracefulStopMs, iteration: iterations.get(p)!, create: p.create })),
      );
      return set;
    },
  };
}

function applyOptions(ctx: K6Context, o: Record<string, unknown>, file: string, run: K6RunOptions): void {
  if (o.discardResponseBodies === true) ctx.discardResponseBodies = true;
  if (typeof o.maxRedirects === 'number') ctx.maxRedirects = o.maxRedirects;
  if (o.userAgent !== undefined) ctx.userAgent = o.userAgent === null || o.userAgent === '' ? undefined : String(o.userAgent);
  if (o.noCookiesReset === true) ctx.noCookiesReset = true;
  if (o.insecureSkipTLSVerify === true && run.insecure === undefined) ctx.pools.insecure = true;
  if (o.hosts !== undefined) throw invalidInput({ file, field: 'options.hosts', expected: 'no host overrides (loadline resolves names with the system resolver); use the address in the URL' }, 'LOADLINE_INVALID_FILE');
}

/** The script's thresholds (k6's object form) and `--threshold`s, on loadline's, k6's and the script's metrics. */
function k6Thresholds(value: unknown, extra: readonly string[], metrics: MetricRegistry, ctx: K6Context, file: string): Threshold[] {
  const known: Record<string, MetricType> = { ...BUILTIN_METRICS, ...K6_METRICS, ...metrics.metrics };
  const out: Threshold[] = [];
  const note = (t: Threshold) => {
    const e = t.expression;
    if (K6_METRICS[e.metric]) ctx.recorded.add(e.metric);
    if (e.metric === 'group_duration') ctx.recorded.add('group_duration');
    if ((e.metric === 'http_req_duration' || e.metric === 'http_req_failed' || e.metric === 'http_reqs') && Object.keys(e.tags).some((k) => !STATS_TAGS.has(k))) ctx.taggedHttp = true;
    out.push(t);
  };
  if (value !== undefined && value !== null) {
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidInput({ file, field: 'options.thresholds', value, expected: 'thresholds by metric: { http_req_duration: ["p(95)<500"] }' }, 'LOADLINE_INVALID_FILE');
    for (const [key, list] of Object.entries(value as Record<string, unknown>)) {
      const entries = Array.isArray(list) ? list : [list];
      entries.forEach((entry: unknown, i) => {
        const field = `options.thresholds.${key}[${i}]`;
        const spec = typeof entry === 'string' ? { threshold: entry } : (entry as { threshold?: unknown; abortOnFail?: unknown; delayAbortEval?: unknown });
        if (spec === null || typeof spec !== 'object' || typeof spec.threshold !== 'string') throw invalidInput({ file, field, value: entry, expected: "a threshold such as 'p(95)<500' or { threshold, abortOnFail, delayAbortEval }" }, 'LOADLINE_INVALID_FILE');
        let t: Threshold;
        try {
          t = parseThreshold(`${key}:${spec.threshold}`, { field, file, metrics: known, abortOnFail: spec.abortOnFail === true });
        } catch (err) {
          throw new LoadlineError('LOADLINE_INVALID_FILE', (err as Error).message, { file, field }, { cause: err });
        }
        if (spec.delayAbortEval !== undefined) t.delayAbortEvalMs = durationMs(spec.delayAbortEval, `${field}.delayAbortEval`, file);
        note(t);
      });
    }
  }
  extra.forEach((text, i) => note(parseThreshold(text, { field: `thresholds[${i}]`, metrics: known })));
  return out;
}

function durationMs(value: unknown, field: string, file: string): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(String(value).trim());
  if (!m) throw invalidInput({ file, field, value, expected: 'a duration such as 10s' }, 'LOADLINE_INVALID_FILE');
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms']!;
}

/** `--summary-export`: k6's legacy summary JSON (metrics with their values flattened, root_group). */
function legacyExport(data: K6SummaryData): Record<string, unknown> {
  const metrics: Record<string, unknown> = {};
  for (const [name, m] of Object.entries(data.metrics)) {
    const v: Record<string, unknown> = { ...m.values };
    if (m.type === 'rate') v.value = m.values.rate;
    if (m.thresholds) v.thresholds = Object.fromEntries(Object.entries(m.thresholds).map(([k, t]) => [k, !t.ok]));
    metrics[name] = v;
  }
  return { root_group: data.root_group, metrics };
}


/**
 * A k6 script as the target of a capacity, spike or soak search (`loadline find script.js`):
 * each step runs the script's default function (or its first scenario's `exec`) as the iteration,
 * on the step's own load model; the script's schedule is the search's to set. `setup` runs once
 * here, its data reaching every step's VUs.
 *
 * @example
 * const { load } = await k6StepLoad('load.js', { env: { BASE_URL: 'http://127.0.0.1:3000' } });
 * await findCapacity({ load, slos: parseSlos(['p(95)<200']) });
 */
export async function k6StepLoad(file: string, options: { env?: Record<string, string>; insecure?: boolean } = {}): Promise<{ load: Omit<LoadOptions, 'model' | 'rate' | 'vus' | 'stages' | 'durationMs' | 'warmupMs' | 'amount' | 'thresholds' | 'onInterval' | 'clock'> }> {
  const path = resolve(file);
  const script = K6Script.load(path);
  const metrics = new MetricRegistry();
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...(options.env ?? {}) };
  const poolOptions = { connections: 100_000, timeoutMs: 60_000, insecure: options.insecure ?? false };
  const ctx = new K6Context({ clock: systemClock, pools: new OriginPools(poolOptions), metrics, file: path });
  const initVu = new VuState(0, undefined, env);
  try {
    script.instantiate(ctx, initVu);
  } catch (err) {
    throw scriptError(path, 'the init context', err);
  }
  const scriptOptions = (initVu.exports.options ?? {}) as Record<string, unknown>;
  applyOptions(ctx, scriptOptions, path, options);
  const first = planScenarios(scriptOptions, {}, path)[0]!;
  if (typeof initVu.exports[first.exec] !== 'function') throw invalidInput({ file: path, field: 'export default', value: first.exec, expected: 'an exported function to run as the iteration' }, 'LOADLINE_INVALID_FILE');
  let nextVu = 0;
  const factory = { nextId: () => ++nextVu, env, setupJson: undefined as string | undefined };
  if (typeof initVu.exports.setup === 'function') {
    ctx.phase = 'setup';
    const vu = setupVu(script, ctx, env);
    let data: unknown;
    try {
      data = await (vu.exports.setup as () => unknown)();
    } catch (err) {
      throw scriptError(path, 'setup()', err);
    }
    factory.setupJson = data === undefined ? undefined : JSON.stringify(data);
  }
  const plan: ScenarioPlan = { ...first, name: 'default', executor: 'constant-vus', env: first.env };
  return {
    load: {
      url: 'http://127.0.0.1/',
      scenario: path,
      timeoutMs: ctx.timeoutMs,
      ...(ctx.responseCallback ? { expectStatus: ctx.responseCallback.list() } : {}),
      iteration: (context) => {
        const pools = new OriginPools({ ...poolOptions, insecure: ctx.pools.insecure });
        ctx.attach({ recorder: context.recorder, stats: context.stats, endpoints: new EndpointTable(context.stats), clock: context.clock, pools });
        const iteration = new K6Iteration(script, ctx, plan, factory);
        return {
          iteration,
          close: async () => {
            iteration.interrupt();
            await pools.close();
          },
        };
      },
    },
  };
}
