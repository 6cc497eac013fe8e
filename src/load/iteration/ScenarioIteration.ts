import type { Clock, TimerHandle } from '../../core/index.js';
import { reachedNoServer } from '../http/classifyError.js';
import type { HttpPool, RequestSpec, ResponseInfo, TransportError } from '../http/types.js';
import type { Iteration, IterationDone, VirtualUser } from './iteration.js';
import type { RequestRecorder } from './RequestRecorder.js';
import type { RunStats } from '../stats/RunStats.js';
import type { CompiledScenario, CompiledStep } from '../scenario/compile/compileScenario.js';
import { CookieJar } from '../scenario/run/CookieJar.js';
import type { Feeder } from '../scenario/compile/feeder.js';
import type { FlowPicker } from '../scenario/run/FlowPicker.js';
import type { MetricRegistry } from '../scenario/metrics/MetricRegistry.js';
import { outcomeNames } from '../scenario/metrics/outcomeNames.js';
import { processFailure, processResponse, setCookieOf } from '../scenario/run/processResponse.js';
import type { Random } from '../scenario/random.js';
import { redirectTarget } from '../scenario/run/redirect.js';
import type { CompiledRequest } from '../scenario/run/request.js';
import { buildRequest } from '../scenario/run/request.js';
import { ResponseView } from '../scenario/run/ResponseView.js';
import { sampleThinkMs } from '../scenario/run/thinkTime.js';
import { createVuState, type VuState } from '../scenario/run/vuState.js';

export interface ScenarioIterationOptions {
  scenario: CompiledScenario;
  pool: HttpPool;
  stats: RunStats;
  recorder: RequestRecorder;
  clock: Clock;
  metrics: MetricRegistry;
  /** Random source for flow picks, think times, random rows and template functions. */
  rng: Random;
  feeders: Feeder[];
  picker: FlowPicker;
  /** What the scenario's `setup` returned; reaches every VU as `vu.data`. */
  data: unknown;
  /** Maps the engine's 0-based VU id to the scenario's 1-based id, unique across workers; default `id + 1`. */
  vuNumber?: (id: number) => number;
}

/** Where one compiled request's outcomes are counted: its endpoint, and its checks' and captures' indexes in `RunStats.outcomes`. */
interface RequestSlots {
  endpoint: number;
  checks: Int32Array;
  captures: Int32Array;
}

/**
 * A scenario's iteration: each pass picks a flow by weight, copies the next data row into the
 * VU's variables and runs the flow's steps in order (request, batch in parallel, think). Requests
 * follow redirects up to the step's limit, each hop counted as a request of the step's endpoint;
 * captures, checks and custom metrics run on the final response. Every VU keeps its variables and
 * cookies across iterations, and runs the scenario's `before` hook once, before its first pass.
 * Each check and capture is counted under its name (see `outcomeNames`) in `stats.outcomes`.
 *
 * @example
 * const iteration = new ScenarioIteration({ scenario: compiled, pool, stats, recorder, clock, metrics, rng, feeders, picker, data });
 */
export class ScenarioIteration implements Iteration {
  readonly o: ScenarioIterationOptions;
  /** Endpoint index of each compiled request. */
  readonly endpoints = new Map<CompiledRequest, number>();
  readonly slots = new Map<CompiledRequest, RequestSlots>();
  readonly #runners: VuRunner[] = [];
  /** Set by `stop()`: VUs end their iteration at the next step instead of sending more. */
  stopped = false;
  #warnedBefore = false;

  constructor(options: ScenarioIterationOptions) {
    this.o = options;
    const target = options.scenario.target;
    const all = options.scenario.flows.flatMap((flow) => flow.steps.flatMap((step) => (step.kind === 'request' ? [step.request] : step.kind === 'batch' ? step.requests : [])));
    const names = outcomeNames(all);
    const outcomes = options.stats.outcomes;
    for (const r of all) {
      const endpoint = options.stats.addEndpoint(r.name, r.method, `${target}${r.path.source}`);
      const n = names.get(r)!;
      this.endpoints.set(r, endpoint);
      this.slots.set(r, {
        endpoint,
        checks: Int32Array.from(n.checks, (name) => outcomes.addCheck(name, r.name)),
        captures: Int32Array.from(n.captures, (name) => outcomes.addCapture(name, r.name)),
      });
    }
  }

  prepare(vu: VirtualUser): void {
    this.#runners[vu.id] ??= new VuRunner(this, vu);
  }

  /** Ends the run's VUs: pauses are cut short and no further step is sent. Called when the run closes. */
  stop(): void {
    this.stopped = true;
    for (const runner of this.#runners) runner?.cancelThink();
  }

  /** Reports the first failing `before` hook once per run (the VU's iteration fails). */
  beforeFailed(err: unknown): void {
    if (this.#warnedBefore) return;
    this.#warnedBefore = true;
    process.emitWarning(`scenario before hook failed: ${(err as Error)?.message ?? String(err)}`);
  }

  run(vu: VirtualUser, intendedStartMs: number, done: IterationDone): void {
    let runner = this.#runners[vu.id];
    if (runner === undefined) {
      this.prepare(vu);
      runner = this.#runners[vu.id]!;
    }
    runner.start(intendedStartMs, done);
  }
}

/** One VU's pass through a flow; reused for every iteration of that VU. */
class VuRunner {
  readonly #owner: ScenarioIteration;
  readonly state: VuState;
  readonly #main: Exchange;
  readonly #batches = new Map<CompiledStep, Exchange[]>();
  #ready: boolean;
  #steps: readonly CompiledStep[] = [];
  #index = 0;
  #done: IterationDone = noop;
  #failed = false;
  /** Requests of this iteration that reached no server, and those that did (answered or failed otherwise). */
  #unreached = 0;
  #reached = 0;
  #pending = 0;
  /** Intended start of the iteration: its first request is measured from it. */
  startMs = 0;
  #first = true;
  #thinkTimer: TimerHandle | undefined;
  readonly next = (): void => {
    this.#thinkTimer = undefined;
    this.#step();
  };
  readonly partDone = (failed: boolean): void => {
    if (failed) this.#failed = true;
    if (--this.#pending === 0) this.#step();
  };

  constructor(owner: ScenarioIteration, vu: VirtualUser) {
    this.#owner = owner;
    const o = owner.o;
    this.state = createVuState({
      id: o.vuNumber ? o.vuNumber(vu.id) : vu.id + 1,
      target: o.scenario.target,
      rng: o.rng,
      data: o.data,
      metrics: o.metrics,
      ...(o.scenario.source.cookies ? { cookies: new CookieJar() } : {}),
    });
    this.#main = new Exchange(owner, this);
    this.#ready = o.scenario.source.hooks.before === undefined;
  }

  start(intendedStartMs: number, done: IterationDone): void {
    this.startMs = intendedStartMs;
    this.#done = done;
    this.#failed = false;
    this.#unreached = 0;
    this.#reached = 0;
    this.#first = true;
    this.#index = 0;
    if (!this.#ready) {
      this.#ready = true;
      this.#runBefore();
      return;
    }
    this.#begin();
  }

  #runBefore(): void {
    let pending: unknown;
    try {
      pending = this.#owner.o.scenario.source.hooks.before!(this.state);
    } catch (err) {
      this.#owner.beforeFailed(err);
      this.#finish(true);
      return;
    }
    if (pending instanceof Promise) {
      pending.then(
        () => {
          // Time spent logging in is not the first request's latency.
          this.startMs = Math.max(this.startMs, this.#owner.o.clock.now());
          this.#begin();
        },
        (err: unknown) => {
          this.#owner.beforeFailed(err);
          this.#finish(true);
        },
      );
    } else this.#begin();
  }

  #begin(): void {
    const o = this.#owner.o;
    const feeders = o.feeders;
    for (let i = 0; i < feeders.length; i++) feeders[i]!.assign(this.state.vars);
    this.#steps = o.scenario.flows[o.picker.pick()]!.steps;
    this.#step();
  }

  /** Start time for the next request: the intended start for the first, now for the others. */
  takeStart(): number {
    if (this.#first) {
      this.#first = false;
      return this.startMs;
    }
    return this.#owner.o.clock.now();
  }

  #step(): void {
    const steps = this.#steps;
    if (this.#index >= steps.length || this.#owner.stopped) {
      this.#finish(this.#failed);
      return;
    }
    const step = steps[this.#index++]!;
    switch (step.kind) {
      case 'request':
        this.#pending = 1;
        this.#main.send(step.request, this.takeStart());
        return;
      case 'batch': {
        let parts = this.#batches.get(step);
        if (parts === undefined) {
          parts = step.requests.map(() => new Exchange(this.#owner, this));
          this.#batches.set(step, parts);
        }
        if (parts.length === 0) {
          this.#step();
          return;
        }
        const start = this.takeStart();
        this.#pending = parts.length;
        for (let i = 0; i < parts.length; i++) parts[i]!.send(step.requests[i]!, start);
        return;
      }
      case 'think': {
        const ms = sampleThinkMs(step.think, this.state.rng);
        this.#thinkTimer = this.#owner.o.clock.setTimeout(this.next, ms);
        // Latency of the request after a pause is measured from its own send.
        this.#first = false;
        return;
      }
    }
  }

  /** Cuts a pause short: the iteration ends at once. */
  cancelThink(): void {
    if (this.#thinkTimer === undefined) return;
    this.#owner.o.clock.clearTimeout(this.#thinkTimer);
    this.#thinkTimer = undefined;
    this.#step();
  }

  /** Notes how a request ended, for the closed model's backoff: `unreached` when no server answered it. */
  noteOutcome(unreached: boolean): void {
    if (unreached) this.#unreached++;
    else this.#reached++;
  }

  #finish(failed: boolean): void {
    const done = this.#done;
    this.#done = noop;
    done(failed, this.#unreached > 0 && this.#reached === 0);
  }
}

/** One request of a step (and its redirect hops), with callbacks bound once. */
class Exchange {
  readonly #owner: ScenarioIteration;
  readonly #runner: VuRunner;
  readonly #view = new ResponseView();
  #request!: CompiledRequest;
  #endpoint = 0;
  #slots!: RequestSlots;
  #spec!: RequestSpec;
  #startMs = 0;
  #hops = 0;
  #checksFailed = false;
  #counted = false;
  readonly #onCheck = (_name: string, passed: boolean, index: number): void => {
    if (!passed) this.#checksFailed = true;
    if (this.#counted) {
      const stats = this.#owner.o.stats;
      stats.recordCheck(this.#endpoint, passed);
      stats.outcomes.recordCheck(this.#slots.checks[index]!, passed);
    }
  };
  readonly #onCapture = (index: number, matched: boolean): void => {
    if (this.#counted) this.#owner.o.stats.outcomes.recordCapture(this.#slots.captures[index]!, matched);
  };
  readonly #callback = (error: TransportError | null, response: ResponseInfo | null): void => this.#onResponse(error, response);

  constructor(owner: ScenarioIteration, runner: VuRunner) {
    this.#owner = owner;
    this.#runner = runner;
  }

  send(request: CompiledRequest, startMs: number): void {
    this.#request = request;
    this.#slots = this.#owner.slots.get(request)!;
    this.#endpoint = this.#slots.endpoint;
    this.#hops = 0;
    this.#checksFailed = false;
    this.#counted = this.#owner.o.recorder.counts(this.#runner.startMs);
    this.#startMs = startMs;
    this.#spec = buildRequest(request, this.#runner.state);
    this.#owner.o.pool.request(this.#spec, this.#callback);
  }

  #onResponse(error: TransportError | null, response: ResponseInfo | null): void {
    const o = this.#owner.o;
    const request = this.#request;
    const now = o.clock.now();
    const failed = o.recorder.record(this.#endpoint, this.#startMs, error, response, now);
    const vu = this.#runner.state;
    const durationMs = now - this.#startMs;
    // Checks and custom metrics follow the run's statistics: nothing from warm-up or from requests
    // cut when the run closed.
    if (o.recorder.closed) this.#counted = false;
    vu.measuring = this.#counted;
    if (response === null) {
      this.#runner.noteOutcome(error !== null && reachedNoServer(error));
      processFailure(request, vu, durationMs, this.#onCheck);
      this.#runner.partDone(true);
      return;
    }
    this.#runner.noteOutcome(false);
    if (this.#hops < request.redirects && isRedirectStatus(response.status) && this.#follow(response)) return;
    processResponse(request, vu, this.#view, response, durationMs, this.#onCheck, this.#spec.path, this.#onCapture);
    this.#runner.partDone(failed || this.#checksFailed);
  }

  /** Sends the next hop when `response` redirects on the same origin; false when it does not. */
  #follow(response: ResponseInfo): boolean {
    const vu = this.#runner.state;
    const spec = this.#spec;
    const next = redirectTarget(response, this.#owner.o.scenario.target, spec.path, spec.method);
    if (next === undefined) return false;
    this.#hops++;
    const setCookie = vu.cookies ? setCookieOf(response) : undefined;
    if (setCookie !== undefined) vu.cookies!.setCookies(setCookie, { host: vu.origin.host, path: spec.path, secure: vu.origin.secure });
    const headers: Record<string, string> = { ...spec.headers };
    delete headers.cookie;
    if (!next.keepBody) delete headers['content-type'];
    const cookie = vu.cookies?.header({ host: vu.origin.host, path: next.path, secure: vu.origin.secure });
    if (cookie !== undefined) headers.cookie = cookie;
    const hop: RequestSpec = { method: next.method, path: next.path, headers };
    if (next.keepBody && spec.body !== undefined) hop.body = spec.body;
    if (spec.timeoutMs !== undefined) hop.timeoutMs = spec.timeoutMs;
    if (spec.captureBody) hop.captureBody = spec.captureBody;
    this.#spec = hop;
    this.#startMs = this.#owner.o.clock.now();
    this.#owner.o.pool.request(hop, this.#callback);
    return true;
  }
}

function noop(): void {}

/** The statuses `redirectTarget` follows; checked first so other responses skip the call. */
function isRedirectStatus(s: number): boolean {
  return s === 301 || s === 302 || s === 303 || s === 307 || s === 308;
}
