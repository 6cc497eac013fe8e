import { createRequire } from 'node:module';
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

/** What needs an optional peer, for the error when it is missing. */
export interface PeerNeed {
  /** What needs the peer, as the message's subject: `a TypeScript scenario (checkout.ts)`. */
  neededFor: string;
  /** The option field that asked for it, when one did. */
  field?: string;
  /** The file that asked for it, when one did. */
  file?: string;
  /** What the user can do instead of installing it: `give databaseUrl`. */
  otherwise?: string;
}

/**
 * The error for an optional peer dependency that a call needs and the user has not installed:
 * `LOADLINE_MISSING_PEER`, saying what needs it and what to run. Every optional peer (ioredis,
 * tsx, pg, better-sqlite3) fails with this code.
 *
 * @example
 * throw missingPeer({ peer: 'tsx', neededFor: 'a TypeScript scenario (scenarios/checkout.ts)' }, err);
 * // a TypeScript scenario (scenarios/checkout.ts) needs the optional peer dependency tsx, which is not installed; run npm install tsx
 */
export function missingPeer(options: PeerNeed & { peer: string }, cause?: unknown): LoadlineError {
  const instead = options.otherwise === undefined ? '' : `, or ${options.otherwise}`;
  return new LoadlineError(
    'LOADLINE_MISSING_PEER',
    `${options.neededFor} needs the optional peer dependency ${options.peer}, which is not installed; run npm install ${options.peer}${instead}`,
    {
      ...(options.field === undefined ? {} : { field: options.field }),
      ...(options.file === undefined ? {} : { file: options.file }),
      expected: `${options.peer} installed (npm install ${options.peer})`,
    },
    { cause },
  );
}

/** The package name of an import specifier: `tsx/esm/api` -> `tsx`, `@scope/pkg/x` -> `@scope/pkg`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * Imports the optional peer `specifier` when a call first needs it (no subpath loads a peer when
 * it is imported). Not installed: `missingPeer`'s `LOADLINE_MISSING_PEER`; any other failure (a
 * broken install, an error while it loads) is thrown as it is.
 *
 * @example
 * const pg = await importPeer<typeof import('pg')>('pg', { neededFor: 'sampling PostgreSQL (pgUrl)', field: 'pgUrl' });
 */
export async function importPeer<T>(specifier: string, need: PeerNeed): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const peer = packageOf(specifier);
    if (isMissingPackage(error, peer)) throw missingPeer({ ...need, peer }, error);
    throw error;
  }
}

/**
 * `importPeer` for a call that must stay synchronous: loads the peer with `require` (CommonJS
 * packages such as ioredis).
 *
 * @example
 * const { Redis } = requirePeer<typeof import('ioredis')>('ioredis', { neededFor: 'redis: a Redis URL', field: 'redis' });
 */
export function requirePeer<T>(specifier: string, need: PeerNeed): T {
  try {
    return createRequire(import.meta.url)(specifier) as T;
  } catch (error) {
    const peer = packageOf(specifier);
    if (isMissingPackage(error, peer)) throw missingPeer({ ...need, peer }, error);
    throw error;
  }
}
