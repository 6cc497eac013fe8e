import { Interrupted, type K6Context, type VuState } from '../K6Context.js';

/**
 * The `k6` module of one VU: `check` (feeds `checks`, by name within the current group),
 * `sleep` (seconds; cut short when the run stops), `group` (runs its callback inside a named
 * group, awaited by the transform), `fail` (ends the iteration with an error), `randomSeed`.
 */
export function k6Module(ctx: K6Context, vu: VuState): Record<string, unknown> {
  const check = (value: unknown, sets: Record<string, unknown>, _tags?: Record<string, unknown>): boolean => {
    if (sets === null || typeof sets !== 'object') throw new Error('check(value, { name: (v) => boolean }): expected the checks as an object');
    let all = true;
    for (const name of Object.keys(sets)) {
      const fn = sets[name];
      const result = typeof fn === 'function' ? (fn as (v: unknown) => unknown)(value) : fn;
      if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
        throw new Error(`check "${name}" returned a promise: its function calls one that makes requests (or shares a name with one), which loadline made async; keep check functions to plain tests of the response (docs/compat.md)`);
      }
      const passed = Boolean(result);
      ctx.recordCheck(vu.groupPath, name, passed);
      if (!passed) all = false;
    }
    return all;
  };
  const sleep = (seconds: unknown): Promise<void> => {
    if (vu.initializing) throw new Error('sleep() in the init context is not supported (as in k6)');
    const s = Number(seconds);
    return vu.sleep(ctx.clock, Number.isFinite(s) && s > 0 ? s * 1000 : 0);
  };
  const group = async (name: unknown, fn: unknown): Promise<unknown> => {
    if (typeof name !== 'string' || name === '' || name.includes('::')) throw new Error(`group name ${JSON.stringify(name)}: expected a non-empty name without "::"`);
    if (typeof fn !== 'function') throw new Error(`group("${name}", fn): expected a function`);
    if (vu.interrupted) throw new Interrupted();
    const outer = vu.groupPath;
    const path = `${outer}::${name}`;
    vu.groupPath = path;
    if (ctx.groups.size < 1000) ctx.groups.add(path);
    const start = ctx.clock.now();
    try {
      return await (fn as () => unknown)();
    } finally {
      vu.groupPath = outer;
      if (ctx.recorded.has('group_duration')) ctx.addMetric('group_duration', ctx.clock.now() - start, { group: path });
    }
  };
  const fail = (message?: unknown): never => {
    throw new Error(message === undefined ? 'fail() called' : String(message));
  };
    // Math.random is shared by every VU in one process: a seed would not make one VU reproducible.
  const randomSeed = (): void => undefined;
  const api: Record<string, unknown> = { check, sleep, group, fail, randomSeed };
  api.default = api;
  return api;
}
