import type { CaptureSummary, CheckSummary } from '../../../core/index.js';

/** What `OutcomeCounts` holds, in a form `postMessage` carries: counters by name, in registration order. */
export interface OutcomeSnapshot {
  checks: Array<{ name: string; request: string; passes: number; fails: number }>;
  captures: Array<{ name: string; request: string; responses: number; misses: number }>;
}

/** Named counters with two counts each, grown as names are added. */
class NamedPairs {
  readonly names: string[] = [];
  readonly requests: string[] = [];
  readonly #index = new Map<string, number>();
  a: Float64Array<ArrayBuffer> = new Float64Array(8);
  b: Float64Array<ArrayBuffer> = new Float64Array(8);

  add(name: string, request: string): number {
    const found = this.#index.get(name);
    if (found !== undefined) return found;
    const i = this.names.length;
    if (i === this.a.length) {
      this.a = grow(this.a);
      this.b = grow(this.b);
    }
    this.names.push(name);
    this.requests.push(request);
    this.#index.set(name, i);
    return i;
  }
}

function grow(from: Float64Array): Float64Array<ArrayBuffer> {
  const to = new Float64Array(from.length * 2);
  to.set(from);
  return to;
}

/**
 * Per-name outcomes of a scenario's checks (passes and fails) and captures (responses and
 * misses). Names are registered once, when the iteration is built (see `outcomeNames`), and
 * counting is an array increment by index, so the per-response path allocates nothing. Worker
 * threads send `snapshot()`; the main thread `merge`s them by name, so counts add up exactly
 * whatever order each worker registered its names in.
 *
 * @example
 * const ok = counts.addCheck('status is 200', 'login');
 * counts.recordCheck(ok, response.status === 200);
 * counts.checkSummary(); // { 'status is 200': { passes: 1, fails: 0, rate: 1, request: 'login' } }
 */
export class OutcomeCounts {
  readonly #checks = new NamedPairs();
  readonly #captures = new NamedPairs();

  /** Registers a check (or finds it by name) and returns its index for `recordCheck`. */
  addCheck(name: string, request: string): number {
    return this.#checks.add(name, request);
  }

  recordCheck(index: number, passed: boolean): void {
    if (passed) this.#checks.a[index]!++;
    else this.#checks.b[index]!++;
  }

  /** Registers a capture (or finds it by name) and returns its index for `recordCapture`. */
  addCapture(name: string, request: string): number {
    return this.#captures.add(name, request);
  }

  /** Counts one response the capture ran on; `matched` false when it found nothing. */
  recordCapture(index: number, matched: boolean): void {
    this.#captures.a[index]!++;
    if (!matched) this.#captures.b[index]!++;
  }

  snapshot(): OutcomeSnapshot {
    const c = this.#checks;
    const k = this.#captures;
    return {
      checks: c.names.map((name, i) => ({ name, request: c.requests[i]!, passes: c.a[i]!, fails: c.b[i]! })),
      captures: k.names.map((name, i) => ({ name, request: k.requests[i]!, responses: k.a[i]!, misses: k.b[i]! })),
    };
  }

  /** Adds another process's `snapshot()`, matching names. */
  merge(from: OutcomeSnapshot): void {
    for (const c of from.checks) {
      const i = this.#checks.add(c.name, c.request);
      this.#checks.a[i]! += c.passes;
      this.#checks.b[i]! += c.fails;
    }
    for (const c of from.captures) {
      const i = this.#captures.add(c.name, c.request);
      this.#captures.a[i]! += c.responses;
      this.#captures.b[i]! += c.misses;
    }
  }

  /** Each check that ran at least once, in registration order; undefined when none did. */
  checkSummary(): Record<string, CheckSummary> | undefined {
    const c = this.#checks;
    const out: Record<string, CheckSummary> = {};
    let any = false;
    c.names.forEach((name, i) => {
      const passes = c.a[i]!;
      const fails = c.b[i]!;
      if (passes + fails === 0) return;
      out[name] = { passes, fails, rate: passes / (passes + fails), request: c.requests[i]! };
      any = true;
    });
    return any ? out : undefined;
  }

  /** Each capture that ran at least once, in registration order; undefined when none did. */
  captureSummary(): Record<string, CaptureSummary> | undefined {
    const k = this.#captures;
    const out: Record<string, CaptureSummary> = {};
    let any = false;
    k.names.forEach((name, i) => {
      if (k.a[i] === 0) return;
      out[name] = { request: k.requests[i]!, responses: k.a[i]!, misses: k.b[i]! };
      any = true;
    });
    return any ? out : undefined;
  }
}
