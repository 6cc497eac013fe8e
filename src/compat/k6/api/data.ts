import type { K6Context, VuState } from '../K6Context.js';

/**
 * The `k6/data` module: `new SharedArray(name, fn)` runs `fn` once per run (the first VU to
 * declare the name) and every VU reads that one frozen array, as k6's read-only shared memory.
 */
export function dataModule(ctx: K6Context, vu: VuState): Record<string, unknown> {
  function SharedArray(this: unknown, name: unknown, fn: unknown): readonly unknown[] {
    if (!new.target) throw new Error('SharedArray must be called with new');
    if (typeof name !== 'string' || name === '') throw new Error('new SharedArray(name, fn): expected a name');
    if (typeof fn !== 'function') throw new Error(`new SharedArray("${name}", fn): expected a function that returns an array`);
    let array = ctx.sharedArrays.get(name);
    if (array === undefined) {
      if (!vu.initializing) throw new Error(`new SharedArray("${name}"): only in the init context, as in k6`);
      const value = (fn as () => unknown)();
      if (!Array.isArray(value)) throw new Error(`new SharedArray("${name}", fn): fn must return an array, got ${typeof value}`);
      array = deepFreeze(value) as readonly unknown[];
      ctx.sharedArrays.set(name, array);
    }
    return array;
  }
  const api: Record<string, unknown> = { SharedArray };
  api.default = api;
  return api;
}

function deepFreeze(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
