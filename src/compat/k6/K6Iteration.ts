import type { Iteration, IterationDone, VirtualUser } from '../../load/index.js';
import { Interrupted, TestAborted, VuState, type K6Context } from './K6Context.js';
import type { ScenarioPlan } from './options.js';

/**
 * What runs in each VU: a k6 script (its modules instantiated per VU) or a loadline scenario
 * set (its functions bound to the VU's context); `instantiate` sets `vu.exports`.
 */
export interface VuProgram {
  instantiate(ctx: K6Context, vu: VuState): void;
  /** Why an iteration can end with requests in flight, for the one warning; default the k6 transform's reason. */
  readonly pendingHint?: string;
}

/** What the VUs of every scenario share: numbering, `__ENV`, and setup's data. */
export interface VuFactory {
  /** The next `__VU` (1-based, unique in the test). */
  nextId(): number;
  /** `__ENV` before a scenario's own `env`. */
  env: Record<string, string>;
  /** Setup's return value as JSON (each VU parses its own copy), or undefined. */
  setupJson: string | undefined;
}

/**
 * One k6 scenario's iteration on loadline's engine: each engine VU gets a k6 VU (its own module
 * instance, made when the VU is created), and each pass calls the scenario's `exec` function
 * with setup's data and awaits it. An exception ends that iteration and is reported, and the test
 * goes on, as in k6; `exec.test.abort()` stops the run.
 */
export class K6Iteration implements Iteration {
  readonly #script: VuProgram;
  readonly #ctx: K6Context;
  readonly #plan: ScenarioPlan;
  readonly #factory: VuFactory;
  readonly #vus: Array<VuState | undefined> = [];
  #warnedPending = false;

  constructor(script: VuProgram, ctx: K6Context, plan: ScenarioPlan, factory: VuFactory) {
    this.#script = script;
    this.#ctx = ctx;
    this.#plan = plan;
    this.#factory = factory;
  }

  prepare(engineVu: VirtualUser): void {
    if (this.#vus[engineVu.id] !== undefined) return;
    const env = { ...this.#factory.env, ...this.#plan.env };
    const vu = new VuState(this.#factory.nextId(), this.#plan, env);
    this.#vus[engineVu.id] = vu;
    try {
      this.#script.instantiate(this.#ctx, vu);
      vu.data = this.#factory.setupJson === undefined ? undefined : JSON.parse(this.#factory.setupJson);
      this.#ctx.vusInitialized++;
    } catch (err) {
      vu.initError = err;
    }
  }

  run(engineVu: VirtualUser, intendedStartMs: number, done: IterationDone): void {
    this.prepare(engineVu);
    const vu = this.#vus[engineVu.id]!;
    const ctx = this.#ctx;
    if (vu.initError !== undefined) {
      ctx.initFailed(vu.initError);
      done(true);
      return;
    }
    const fn = vu.exports[this.#plan.exec];
    vu.beginIteration(intendedStartMs);
    if (!ctx.noCookiesReset && vu.jar.size > 0) vu.jar.clear();
    const name = this.#plan.name;
    ctx.scenarioIterations.set(name, (ctx.scenarioIterations.get(name) ?? 0) + 1);
    let pending: unknown;
    try {
      pending = (fn as (data: unknown) => unknown)(vu.data);
    } catch (err) {
      this.#end(vu, err, done);
      return;
    }
    if (pending !== null && typeof pending === 'object' && typeof (pending as Promise<unknown>).then === 'function') {
      (pending as Promise<unknown>).then(
        () => this.#end(vu, undefined, done),
        (err: unknown) => this.#end(vu, err ?? new Error('rejected'), done),
      );
    } else this.#end(vu, undefined, done);
  }

  #end(vu: VuState, err: unknown, done: IterationDone): void {
    const ctx = this.#ctx;
    vu.iteration++;
    if (vu.pending > 0 && !this.#warnedPending && err === undefined) {
      this.#warnedPending = true;
      const why = this.#script.pendingHint ?? 'a function that makes requests was called where loadline could not make the call wait (stored in a variable, passed to code it cannot follow); see docs/compat.md';
      process.emitWarning(`${ctx.file}: an iteration ended with ${vu.pending} request(s) still in flight: ${why}`);
    }
    if (ctx.recorded.has('iteration_duration')) ctx.addMetric('iteration_duration', ctx.clock.now() - vu.startMs);
    if (ctx.sample && ctx.measuring()) {
      const tags = { scenario: this.#plan.name, group: '' };
      ctx.sample.write('iterations', 'counter', 1, tags);
      ctx.sample.write('iteration_duration', 'trend', ctx.clock.now() - vu.startMs, tags);
    }
    if (err === undefined) {
      ctx.iterationsCompleted++;
      done(false);
      return;
    }
    if (err instanceof Interrupted || vu.interrupted) ctx.iterationsInterrupted++;
    else if (!(err instanceof TestAborted)) ctx.scriptError(err);
    done(true);
  }

  /** The scenario's graceful stop is over: running iterations end at their next request or pause. */
  interrupt(): void {
    for (const vu of this.#vus) vu?.interrupt(this.#ctx.clock);
  }

  /** VUs created so far. */
  get vus(): number {
    return this.#vus.filter((v) => v !== undefined).length;
  }
}
