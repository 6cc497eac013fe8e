import { accessSync, constants, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { invalidInput } from '../core/index.js';

/**
 * Checks, before any load is sent, that an output file can be written: its directory exists and
 * is writable, and the path is not a directory. A run of minutes must not end in a stack trace
 * because `--out` named a missing folder. Throws `LOADLINE_INVALID_OPTION` naming the flag (exit 2).
 *
 * @example
 * checkOutputPath(values.out, '--out'); // before starting the load
 */
export function checkOutputPath(path: string | undefined, flag: string): void {
  if (path === undefined) return;
  const reject = (expected: string) => invalidInput({ field: flag, value: path, expected });
  if (path.trim() === '') throw reject('a file name, e.g. result.json');
  const full = resolve(path);
  const existing = statOrUndefined(full);
  if (existing?.isDirectory()) throw reject('a file path, not a directory');
  const dir = dirname(full);
  const parent = statOrUndefined(dir);
  if (parent === undefined) throw reject(`a file in an existing directory (${dir} does not exist)`);
  if (!parent.isDirectory()) throw reject(`a file in a directory (${dir} is not a directory)`);
  try {
    accessSync(existing ? full : dir, constants.W_OK);
  } catch {
    throw reject(existing ? 'a writable file (permission denied)' : `a file in a writable directory (${dir}: permission denied)`);
  }
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Where an output that could not be written was kept instead. */
export interface KeptOutput {
  /** The path that was asked for. */
  path: string;
  /** Why writing it failed. */
  reason: string;
  /** Where the content was written instead; undefined when that failed too. */
  keptAt?: string;
}

/**
 * Writes an output file at the end of a run; when that still fails (the disk filled, the folder
 * went away), writes the same content into the system temp folder instead and reports both, so
 * a finished run is never thrown away.
 *
 * @example
 * const kept = await writeOutputOrKeep('result.json', json, 'loadline-result.json');
 * if (kept) console.error(describeKept(kept, '--out'));
 */
export async function writeOutputOrKeep(path: string, content: string, fallbackName: string): Promise<KeptOutput | undefined> {
  try {
    await writeFile(path, content);
    return undefined;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const keptAt = join(tmpdir(), `${Date.now()}-${process.pid}-${fallbackName}`);
    try {
      await writeFile(keptAt, content);
      return { path, reason, keptAt };
    } catch {
      return { path, reason };
    }
  }
}

/** The line that tells the user a write failed and where the content is. */
export function describeKept(kept: KeptOutput, flag: string): string {
  const where = kept.keptAt ? `; kept it at ${kept.keptAt} instead` : '; keeping it elsewhere failed too';
  return `loadline: ${flag}: could not write ${kept.path} (${kept.reason})${where}`;
}
