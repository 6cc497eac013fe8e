import { LoadlineError } from './errors.js';

/**
 * Whether `error` says that the package `name` itself is not installed (`import()` or `require`),
 * as opposed to a broken install or an error thrown while the package loaded.
 */
export function isMissingPackage(error: unknown, name: string): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return String((error as Error).message).includes(`'${name}`);
}

/**
 * The error for an optional peer dependency that a call needs and the user has not installed:
 * `LOADLINE_MISSING_PEER`, saying what needs it and what to run.
 *
 * @example
 * throw missingPeer({ peer: 'tsx', neededFor: 'a TypeScript scenario (scenarios/checkout.ts)' }, err);
 * // a TypeScript scenario (scenarios/checkout.ts) needs the optional peer dependency tsx, which is not installed; run npm install tsx
 */
export function missingPeer(options: { peer: string; neededFor: string; field?: string; file?: string }, cause?: unknown): LoadlineError {
  return new LoadlineError(
    'LOADLINE_MISSING_PEER',
    `${options.neededFor} needs the optional peer dependency ${options.peer}, which is not installed; run npm install ${options.peer}`,
    {
      ...(options.field === undefined ? {} : { field: options.field }),
      ...(options.file === undefined ? {} : { file: options.file }),
      expected: `${options.peer} installed (npm install ${options.peer})`,
    },
    { cause },
  );
}
