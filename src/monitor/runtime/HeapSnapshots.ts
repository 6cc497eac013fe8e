import { accessSync, constants, statSync } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import { invalidInput, LoadlineError, type Clock } from '../../core/index.js';

export interface HeapSnapshotsOptions {
  /** Folder the `.heapsnapshot` files go to; must exist and be writable (checked at construction). */
  dir: string;
  clock: Clock;
  /** Writes one snapshot into the file just created; default streams `v8.getHeapSnapshot()` into it. For tests. */
  write?: (file: FileHandle) => Promise<void>;
}

/** Rejects a folder that is missing, not a folder, or not writable by this process. */
export function checkWritableDir(dir: unknown, field: string): string {
  let why: string | undefined;
  if (typeof dir !== 'string' || dir === '') why = 'not a path';
  else {
    try {
      if (!statSync(dir).isDirectory()) why = 'not a folder';
      else accessSync(dir, constants.W_OK | constants.X_OK);
    } catch (err) {
      why = (err as NodeJS.ErrnoException).code ?? String(err);
    }
  }
  if (why !== undefined) throw invalidInput({ field, value: dir, expected: `a folder this process can write (${why})` });
  return dir as string;
}

async function streamSnapshot(file: FileHandle): Promise<void> {
  // The stream closes the handle when done (closing it again after is a no-op).
  await pipeline(v8.getHeapSnapshot(), file.createWriteStream());
}

/**
 * Heap snapshots on request, one at a time. The file is created first (owner-only: a heap holds
 * every secret the process has, the monitor's token included, and exclusively, so a planted link
 * in a shared folder is never followed), then the snapshot is streamed into it. A failure (the
 * folder went away, the disk filled up) rejects with `LOADLINE_HEAP_SNAPSHOT_FAILED` and removes
 * the partial file; a request while one is being written rejects with
 * `LOADLINE_HEAP_SNAPSHOT_BUSY`, since two would double the memory a snapshot already costs.
 *
 * @example
 * const snapshots = new HeapSnapshots({ dir: '/var/tmp', clock: systemClock });
 * const file = await snapshots.take();
 */
export class HeapSnapshots {
  readonly dir: string;
  readonly #clock: Clock;
  readonly #write: (file: FileHandle) => Promise<void>;
  #writing = false;

  constructor(options: HeapSnapshotsOptions) {
    this.dir = options.dir;
    this.#clock = options.clock;
    this.#write = options.write ?? streamSnapshot;
  }

  /** True while a snapshot is being written. */
  get writing(): boolean {
    return this.#writing;
  }

  /** Writes a snapshot and resolves with its file. */
  async take(): Promise<string> {
    if (this.#writing) throw new LoadlineError('LOADLINE_HEAP_SNAPSHOT_BUSY', 'a heap snapshot is being written; try again once it is done');
    this.#writing = true;
    const file = join(this.dir, `loadline-${process.pid}-${this.#clock.wallNow()}.heapsnapshot`);
    let handle: FileHandle | undefined;
    try {
      handle = await open(file, 'wx', 0o600);
      await this.#write(handle);
      await handle.close();
      return file;
    } catch (err) {
      await handle?.close().catch(() => undefined);
      if (handle !== undefined) await unlink(file).catch(() => undefined);
      const message = err instanceof Error ? err.message : String(err);
      throw new LoadlineError('LOADLINE_HEAP_SNAPSHOT_FAILED', `the heap snapshot could not be written to ${file}: ${message}`, {}, { cause: err });
    } finally {
      this.#writing = false;
    }
  }
}
