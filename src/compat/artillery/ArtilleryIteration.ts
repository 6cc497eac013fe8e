import type { Iteration, IterationDone, VirtualUser } from '../../load/index.js';
import { FlowPicker } from '../../load/scenario/run/FlowPicker.js';
import type { Random } from '../../load/scenario/random.js';
import { ArtillerySession, FlowCompiler, VuFailure, type FlowRuntime } from './flow.js';
import type { ArtilleryPayload } from './script.js';
import type { ArtilleryVars } from './template.js';

/** Distinct failure messages reported on stderr; the rest are counted only. */
const MAX_REPORTED = 5;

/**
 * An Artillery test on loadline's open model: each arrival is a new virtual user (fresh
 * variables, payload row and cookies) that runs one scenario picked by weight, as in Artillery.
 * A transport error, a strict capture that matched nothing or a failing processor function ends
 * that user's flow as failed (Artillery's `vusers.failed`); the engine's VU slot is reused by the
 * next arrival.
 *
 * @example
 * const iteration = new ArtilleryIteration(runtime, Math);
 */
export class ArtilleryIteration implements Iteration {
  readonly #rt: FlowRuntime;
  readonly #compiler: FlowCompiler;
  readonly #flows: Array<(vu: ArtillerySession) => Promise<void>>;
  readonly #picker: FlowPicker;
  readonly #rng: Random;
  readonly #sequence: number[];
  readonly #base: ArtilleryVars;
  /** Failures by message, for the end of the run. */
  readonly failures = new Map<string, number>();

  constructor(rt: FlowRuntime, rng: Random) {
    this.#rt = rt;
    this.#rng = rng;
    this.#compiler = new FlowCompiler(rt);
    const picked = rt.script.scenarios.filter((s) => s.weight > 0);
    this.#flows = picked.map((s) => this.#compiler.flow(s.flow, s));
    this.#picker = new FlowPicker(picked.map((s) => s.weight), rng);
    this.#sequence = rt.script.payloads.map(() => 0);
    this.#base = {
      target: rt.target,
      $environment: rt.script.environment,
      $processEnvironment: process.env,
      $env: process.env,
    };
    for (const p of rt.script.payloads) if (p.loadAllAs !== undefined) this.#base[p.loadAllAs] = p.rows;
  }

  run(_vu: VirtualUser, intendedStartMs: number, done: IterationDone): void {
    const session = new ArtillerySession(this.#vars(), intendedStartMs);
    this.#flows[this.#picker.pick()]!(session).then(
      () => done(false),
      (err: unknown) => {
        this.#failed(err);
        done(true);
      },
    );
  }

  /** Cuts every pause short and ends every flow at its next step: the run is over. */
  interrupt(): void {
    this.#compiler.stop();
  }

  #vars(): ArtilleryVars {
    const vars: ArtilleryVars = { ...this.#base };
    const payloads = this.#rt.script.payloads;
    for (let i = 0; i < payloads.length; i++) {
      const p = payloads[i]!;
      if (p.loadAllAs !== undefined || p.rows.length === 0) continue;
      Object.assign(vars, this.#row(p, i));
    }
    for (const [name, values] of Object.entries(this.#rt.script.variables)) {
      vars[name] = values.length === 1 ? values[0] : values[Math.floor(this.#rng.next() * values.length)];
    }
    return vars;
  }

  #row(p: ArtilleryPayload, i: number): Record<string, unknown> {
    if (p.order === 'sequence') {
      const row = p.rows[this.#sequence[i]! % p.rows.length]!;
      this.#sequence[i]!++;
      return row;
    }
    return p.rows[Math.floor(this.#rng.next() * p.rows.length)]!;
  }

  #failed(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const seen = this.failures.get(message) ?? 0;
    this.failures.set(message, seen + 1);
    if (seen === 0 && this.failures.size <= MAX_REPORTED && !(err instanceof VuFailure && /^[^:]+: E[A-Z]+$|POOL_CLOSED/.test(message))) {
      process.emitWarning(`artillery virtual user failed: ${message}`);
    }
  }
}
