import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../../core/index.js';
import type { RequestRecorder, RunStats } from '../../load/index.js';
import { CookieJar } from '../../load/scenario/run/CookieJar.js';
import type { MetricRegistry } from '../../load/scenario/metrics/MetricRegistry.js';
import { exchange, type ExchangeContext } from '../http/exchange.js';
import type { OriginPools } from '../http/OriginPools.js';
import { compileExpression, type Evaluate } from './expression.js';
import { callProcessor, type ProcessorFunctions } from './processor.js';
import type { ArtilleryScript, FlowStep, RequestStepSpec } from './script.js';
import { ArtilleryResponse, compileCapture, compileExpect, expectName } from './response.js';
import { compileDeep, compileTemplate, parsePath, readPath, type ArtilleryVars, type Render } from './template.js';

/** What a running Artillery flow needs from the run. */
export interface FlowRuntime {
  script: ArtilleryScript;
  /** Origin relative URLs join: `config.target`, or `--target`. */
  target: string;
  processor: ProcessorFunctions;
  pools: OriginPools;
  clock: Clock;
  stats: RunStats;
  recorder: RequestRecorder;
  metrics: MetricRegistry;
}

/** One virtual user: a new one per arrival, as in Artillery (fresh variables and cookies). */
export class ArtillerySession {
  readonly vars: ArtilleryVars;
  readonly jar = new CookieJar();
  /** What processor functions get as `context`. */
  readonly context: { vars: ArtilleryVars; funcs: Record<string, unknown>; _uid: string };
  /** The arrival's due time: the first request is measured from it. */
  startMs: number;
  #first = true;
  constructor(vars: ArtilleryVars, startMs: number) {
    this.vars = vars;
    this.startMs = startMs;
    const uid = randomUUID();
    vars.$uuid = uid;
    this.context = { vars, funcs: {}, _uid: uid };
  }

  /** Where the next request is measured from: the arrival for the first, its own send after. */
  takeStart(clock: Clock): number {
    if (this.#first) {
      this.#first = false;
      return this.startMs;
    }
    return clock.now();
  }

  /** A pause happened: later requests are measured from their own send. */
  paused(): void {
    this.#first = false;
  }
}

/** Ends a virtual user's flow as failed (a transport error, a strict capture that missed, a processor error). */
export class VuFailure extends Error {}

export type CompiledStep = (vu: ArtillerySession) => Promise<void> | void;

/** Emitter processor functions get as `events`: custom metrics by name, as Artillery's. */
export function processorEvents(metrics: MetricRegistry): { emit(kind: string, name?: unknown, value?: unknown): boolean } {
  return {
    emit(kind, name, value) {
      if (typeof name !== 'string') return false;
      const type = kind === 'histogram' || kind === 'summary' ? 'trend' : kind === 'counter' || kind === 'rate' ? 'counter' : undefined;
      if (type === undefined) return false;
      metrics.define(name, type);
      metrics.add(name, type === 'counter' ? (typeof value === 'number' ? value : 1) : Number(value));
      return true;
    },
  };
}

/** Compiles flows once per run: templates, hooks and endpoints are resolved here, not per request. */
export class FlowCompiler {
  readonly #rt: FlowRuntime;
  readonly #events: ReturnType<typeof processorEvents>;
  readonly #ctx: ExchangeContext;
  readonly #checkNames: Map<string, Set<string>>;
  readonly #captureNames: Map<string, Set<string>>;
  /** Pending think timers, cut short when the run stops. */
  readonly sleeping = new Set<{ timer: TimerHandle; wake: () => void }>();
  stopped = false;

  constructor(rt: FlowRuntime) {
    this.#rt = rt;
    this.#events = processorEvents(rt.metrics);
    this.#ctx = { pools: rt.pools, clock: rt.clock, recorder: rt.recorder };
    // A check or capture name used by two endpoints is prefixed with each, so the counts say which request they judge.
    this.#checkNames = new Map();
    this.#captureNames = new Map();
    for (const s of rt.script.scenarios) this.#collect(s.flow);
  }

  #collect(steps: FlowStep[]): void {
    for (const step of steps) {
      if (step.kind === 'loop') this.#collect(step.steps);
      if (step.kind !== 'request') continue;
      const endpoint = endpointName(step.method, step.spec);
      for (const e of step.spec.expect) addTo(this.#checkNames, expectName(e), endpoint);
      for (const c of step.spec.capture) addTo(this.#captureNames, c.as, endpoint);
    }
  }

  /** Interrupts every pause: the run is over. */
  stop(): void {
    this.stopped = true;
    for (const s of this.sleeping) {
      this.#rt.clock.clearTimeout(s.timer);
      s.wake();
    }
    this.sleeping.clear();
  }

  flow(steps: FlowStep[], scenario: { beforeRequest: string[]; afterResponse: string[] }): (vu: ArtillerySession) => Promise<void> {
    const compiled = steps.map((s) => this.#step(s, scenario));
    return async (vu) => {
      for (const step of compiled) {
        if (this.stopped) return;
        await step(vu);
      }
    };
  }

  #step(step: FlowStep, scenario: { beforeRequest: string[]; afterResponse: string[] }): CompiledStep {
    switch (step.kind) {
      case 'request':
        return this.#request(step.method, step.spec, scenario);
      case 'think':
        return this.#think(step.seconds, step.jitter);
      case 'log': {
        const text = compileTemplate(step.text);
        return (vu) => {
          console.log(String(text(vu.vars)));
        };
      }
      case 'function': {
        const fn = this.#fn(step.name);
        return async (vu) => {
          await callProcessor(fn, [vu.context, this.#events]);
        };
      }
      case 'loop':
        return this.#loop(step, scenario);
    }
  }

  #fn(name: string): (...args: unknown[]) => unknown {
    const fn = this.#rt.processor[name];
    if (fn !== undefined) return fn;
    return () => {
      throw new VuFailure(`Undefined function "${name}"${this.#rt.script.processor ? ` (not exported by ${this.#rt.script.processor})` : ' (no config.processor)'}`);
    };
  }

  #think(seconds: number | string, jitter: number | string | undefined): CompiledStep {
    const render = typeof seconds === 'number' ? () => seconds : compileTemplate(seconds);
    const clock = this.#rt.clock;
    return (vu) => {
      let ms = thinkMs(render(vu.vars));
      if (jitter !== undefined) ms = withJitter(ms, jitter);
      vu.paused();
      if (this.stopped) return;
      return new Promise<void>((resolve) => {
        const entry = { timer: undefined as unknown as TimerHandle, wake: resolve };
        entry.timer = clock.setTimeout(() => {
          this.sleeping.delete(entry);
          resolve();
        }, ms);
        this.sleeping.add(entry);
      });
    };
  }

  #loop(step: Extract<FlowStep, { kind: 'loop' }>, scenario: { beforeRequest: string[]; afterResponse: string[] }): CompiledStep {
    const body = this.flow(step.steps, scenario);
    const count = typeof step.count === 'string' ? compileTemplate(step.count) : undefined;
    const whileTrue = step.whileTrue === undefined ? undefined : this.#fn(step.whileTrue);
    return async (vu) => {
      let from = 0;
      let to = Infinity;
      if (step.count !== undefined) [from, to] = loopRange(count ? count(vu.vars) : step.count);
      let over: unknown[] | undefined;
      if (step.over !== undefined) {
        const value = typeof step.over === 'string' ? readPath(vu.vars, parsePath(step.over) ?? [step.over]) : step.over;
        if (!Array.isArray(value)) return;
        over = value;
        to = Math.min(to, over.length);
      }
      for (let i = from; i < to && !this.stopped; i++) {
        vu.vars[step.loopValue] = i;
        vu.vars[step.loopElement] = over ? over[i] : i;
        await body(vu);
        if (whileTrue !== undefined) {
          const more = await new Promise<boolean>((resolve, reject) => {
            try {
              whileTrue(vu.context, (b: unknown) => resolve(Boolean(b)));
            } catch (err) {
              reject(err);
            }
          });
          if (!more) break;
        }
      }
    };
  }

  #request(method: string, spec: RequestStepSpec, scenario: { beforeRequest: string[]; afterResponse: string[] }): CompiledStep {
    const rt = this.#rt;
    const name = endpointName(method, spec);
    const endpoint = rt.stats.addEndpoint(name, method, spec.url.startsWith('/') ? `${rt.target}${spec.url}` : spec.url);
    const url = compileTemplate(spec.url);
    const headers = compileHeaders({ ...rt.script.defaultHeaders }, spec.headers ?? {});
    const qs = spec.qs === undefined ? undefined : compileDeep(spec.qs);
    const json = spec.json === undefined ? undefined : compileDeep(spec.json);
    const body = spec.body === undefined ? undefined : compileTemplate(spec.body);
    const form = spec.form === undefined ? undefined : compileDeep(spec.form);
    const cookie = spec.cookie === undefined ? undefined : compileDeep(spec.cookie);
    const auth = spec.auth === undefined ? undefined : { user: compileTemplate(spec.auth.user), pass: compileTemplate(spec.auth.pass) };
    const ifTrue = spec.ifTrue === undefined ? undefined : this.#condition(spec.ifTrue);
    const before = [...scenario.beforeRequest, ...spec.beforeRequest].map((n) => this.#fn(n));
    const after = [...scenario.afterResponse, ...spec.afterResponse].map((n) => this.#fn(n));
    const captures = spec.capture.map((c) => compileCapture(c, rt.stats.outcomes.addCapture(uniqueName(this.#captureNames, c.as, name), name)));
    const expects = spec.expect.map((e) => compileExpect(e, rt.stats.outcomes.addCheck(uniqueName(this.#checkNames, expectName(e), name), name)));
    const needsBody = after.length > 0 || captures.some((c) => c.needsBody) || expects.some((e) => e.needsBody);
    const timeoutMs = spec.timeout === undefined ? undefined : spec.timeout * 1000;
    const maxRedirects = spec.followRedirect ? 10 : 0;
    const stats = rt.stats;
    const outcomes = stats.outcomes;

    return async (vu) => {
      const vars = vu.vars;
      if (ifTrue !== undefined && !(await ifTrue(vu))) return;
      let target = String(url(vars));
      const h: Record<string, string> = {};
      for (const [k, render] of headers) {
        const v = render(vars);
        if (v !== undefined && v !== null) h[k] = String(v);
      }
      let payload: string | undefined;
      let jsonValue = json?.(vars);
      let formValue = form?.(vars);
      let bodyValue = body === undefined ? undefined : String(body(vars));
      let query = qs?.(vars) as Record<string, unknown> | undefined;
      if (cookie !== undefined) h.cookie = Object.entries(cookie(vars) as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join('; ');
      if (auth !== undefined) h.authorization = `Basic ${Buffer.from(`${String(auth.user(vars))}:${String(auth.pass(vars))}`).toString('base64')}`;
      if (before.length) {
        const params: Record<string, unknown> = { url: target, method, headers: h, json: jsonValue, body: bodyValue, form: formValue, qs: query, name };
        for (const fn of before) await callProcessor(fn, [params, vu.context, this.#events]);
        target = String(params.url);
        jsonValue = params.json;
        bodyValue = params.body as string | undefined;
        formValue = params.form;
        query = params.qs as Record<string, unknown> | undefined;
        Object.assign(h, params.headers as Record<string, string>);
      }
      if (jsonValue !== undefined) {
        payload = JSON.stringify(jsonValue);
        if (!hasHeader(h, 'content-type')) h['content-type'] = 'application/json';
      } else if (formValue !== undefined) {
        payload = new URLSearchParams(Object.entries(formValue as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)])).toString();
        if (!hasHeader(h, 'content-type')) h['content-type'] = 'application/x-www-form-urlencoded';
      } else if (bodyValue !== undefined) payload = bodyValue;
      if (query !== undefined) {
        const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
        if (search) target += (target.includes('?') ? '&' : '?') + search;
      }
      const absolute = target.startsWith('http://') || target.startsWith('https://') ? target : `${rt.target}${target}`;
      const parsed = rt.pools.parse(absolute);
      if (parsed === null) throw new VuFailure(`${name}: invalid URL ${JSON.stringify(absolute)}`);
      const out = await exchange(this.#ctx, {
        method,
        url: parsed,
        headers: h,
        ...(payload !== undefined ? { body: payload } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        captureBody: needsBody ? 'text' : false,
        maxRedirects,
        endpoint,
        startMs: vu.takeStart(rt.clock),
        jar: vu.jar,
      });
      if (out.response === null) throw new VuFailure(`${name}: ${out.error?.code ?? 'request failed'}`);
      const res = out.response;
      const view = new ArtilleryResponse(res.status, res.headers, res.bodyText);
      if (after.length) for (const fn of after) await callProcessor(fn, [{ url: target, method, headers: h, name }, view, vu.context, this.#events]);
      let missed: string | undefined;
      for (const c of captures) {
        const value = c.read(view);
        const matched = value !== undefined;
        if (out.counted) outcomes.recordCapture(c.index, matched);
        if (matched) vars[c.as] = value;
        else if (c.strict && missed === undefined) missed = c.as;
      }
      for (const e of expects) {
        const passed = e.test(view, vars);
        if (out.counted) {
          stats.recordCheck(endpoint, passed);
          outcomes.recordCheck(e.index, passed);
        }
      }
      if (missed !== undefined) throw new VuFailure(`Failed capture or match: ${missed} (${name})`);
    };
  }

  #condition(text: string): (vu: ArtillerySession) => Promise<boolean> {
    const fn = /^[A-Za-z_$][\w$]*$/.test(text) ? this.#rt.processor[text] : undefined;
    if (fn !== undefined) return async (vu) => Boolean(await callProcessor(fn, [vu.context]));
    const expr: Evaluate = compileExpression(text);
    return async (vu) => {
      const v = expr((n) => readPath(vu.vars, parsePath(n) ?? [n]));
      return typeof v === 'number' ? v !== 0 : Boolean(v);
    };
  }
}

function compileHeaders(defaults: Record<string, unknown>, own: Record<string, unknown>): Array<[string, Render]> {
  const merged = new Map<string, [string, unknown]>();
  for (const [k, v] of Object.entries(defaults)) merged.set(k.toLowerCase(), [k, v]);
  for (const [k, v] of Object.entries(own)) merged.set(k.toLowerCase(), [k, v]);
  return [...merged.values()].map(([k, v]) => [k, compileDeep(v)]);
}

function hasHeader(h: Record<string, string>, lower: string): boolean {
  for (const k in h) if (k.toLowerCase() === lower) return true;
  return false;
}

/** The endpoint a request is counted under: its `name`, else the method and the URL as written. */
export function endpointName(method: string, spec: RequestStepSpec): string {
  return spec.name ?? `${method} ${spec.url}`;
}

function addTo(map: Map<string, Set<string>>, name: string, endpoint: string): void {
  let set = map.get(name);
  if (set === undefined) map.set(name, (set = new Set()));
  set.add(endpoint);
}

function uniqueName(map: Map<string, Set<string>>, name: string, endpoint: string): string {
  return (map.get(name)?.size ?? 0) > 1 ? `${endpoint}: ${name}` : name;
}

/** Artillery's think: a whole number is seconds, text with a unit is that duration. */
function thinkMs(value: unknown): number {
  if (typeof value === 'number') return value * 1000;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)$/.exec(text);
  if (m) return Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000);
  throw new VuFailure(`Invalid think time: ${text}`);
}

function withJitter(ms: number, jitter: number | string): number {
  const text = String(jitter);
  const spread = text.endsWith('%') ? (ms * Number(text.slice(0, -1))) / 100 : Number(text) * (typeof jitter === 'number' ? 1000 : 1);
  return Math.max(0, ms + (Math.random() * 2 - 1) * (Number.isFinite(spread) ? spread : 0));
}

function loopRange(count: unknown): [number, number] {
  if (typeof count === 'number') return [0, count < 0 ? Infinity : count];
  const text = String(count);
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) return [Number(range[1]), Number(range[2])];
  const n = Number(text);
  return [0, Number.isFinite(n) ? n : 0];
}
