import { pathToFileURL } from 'node:url';
import { LoadlineError } from '../../core/index.js';

/** A processor's functions by name (CommonJS `module.exports` or ES module exports). */
export type ProcessorFunctions = Record<string, (...args: unknown[]) => unknown>;

/**
 * Loads `config.processor`, a JavaScript file whose exported functions flows name (`function`,
 * `beforeRequest`, `afterResponse`, `beforeScenario`, `whileTrue`, `ifTrue`); a file that cannot be
 * loaded is a `LOADLINE_INVALID_FILE` error naming it.
 */
export async function loadProcessor(file: string, script: string): Promise<ProcessorFunctions> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new LoadlineError('LOADLINE_INVALID_FILE', `${script}: config.processor: cannot load ${file} (${(err as Error).message.split('\n')[0]})`, { file: script, field: 'config.processor', value: file, expected: 'a JavaScript file that loads' }, { cause: err });
  }
  const out: ProcessorFunctions = {};
  const def = mod.default;
  if (def !== null && typeof def === 'object') for (const [k, v] of Object.entries(def)) if (typeof v === 'function') out[k] = v as ProcessorFunctions[string];
  for (const [k, v] of Object.entries(mod)) if (typeof v === 'function' && k !== 'default') out[k] = v as ProcessorFunctions[string];
  return out;
}

/**
 * Calls a processor function the way Artillery does: with a `done` callback last, or awaiting the
 * promise an async function returns; an error either way rejects.
 */
export function callProcessor(fn: (...args: unknown[]) => unknown, args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (err?: unknown, value?: unknown) => {
      if (settled) return;
      settled = true;
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(value);
    };
    let returned: unknown;
    try {
      returned = fn(...args, done);
    } catch (err) {
      done(err);
      return;
    }
    if (returned instanceof Promise) returned.then((v) => done(undefined, v), (err: unknown) => done(err ?? new Error('rejected')));
    // A plain function that takes no callback (fewer parameters than arguments) is done when it returns.
    else if (fn.length <= args.length) done(undefined, returned);
  });
}
