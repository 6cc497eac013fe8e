/** What every guard policy hands the wrapped call. */
export interface PolicyContext {
  /** Aborts when the call should stop: a timeout fired, or the caller's signal aborted. */
  readonly signal: AbortSignal;
}

/** A guard around an async call: retry, circuit breaker, timeout, bulkhead, or a composition of them. */
export interface Policy {
  /** Runs `fn` under the policy; `signal` is the caller's, passed down to `fn` through the context. */
  execute<T>(fn: (ctx: PolicyContext) => T | PromiseLike<T>, signal?: AbortSignal): Promise<T>;
}

/** A signal that never aborts: handed to calls when nobody can cancel them, so nothing is allocated. */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/** The context for calls without a cancellation source; shared, never allocated per call. */
export const NEVER_ABORTED_CONTEXT: PolicyContext = Object.freeze({ signal: NEVER_ABORTED });

const contexts = new WeakMap<AbortSignal, PolicyContext>();

/** The context that carries `signal`, cached per signal so a hot path with one signal allocates once. */
export function contextFor(signal: AbortSignal | undefined): PolicyContext {
  if (signal === undefined) return NEVER_ABORTED_CONTEXT;
  let ctx = contexts.get(signal);
  if (ctx === undefined) {
    ctx = Object.freeze({ signal });
    contexts.set(signal, ctx);
  }
  return ctx;
}
