import { checkFunction, checkInteger, checkKnownKeys, invalidInput } from '../../core/index.js';

export interface ProcessBulkOptions {
  /** Items handed out per batch; the next batch starts when the current one has settled; default 100. */
  batchSize?: number;
  /** Items processed at once within a batch; default 10. */
  maxConcurrency?: number;
  /** Called after each item settles (fulfilled or rejected) with the settled count and the total. */
  onProgress?: (completed: number, total: number) => void;
  /** Stops handing out items when it aborts; items already running finish and are reported. */
  signal?: AbortSignal;
}

/** What happened to one item, at the item's input index. */
export type BulkOutcome<R> =
  | { status: 'fulfilled'; value: R }
  | { status: 'rejected'; reason: unknown }
  | { status: 'skipped' };

export interface BulkResult<R> {
  /** One entry per input item, in input order. */
  outcomes: BulkOutcome<R>[];
  /** Values in input order; `undefined` where the item failed or was skipped. */
  results: (R | undefined)[];
  /** Failed items: their index and error, in input order. */
  errors: { index: number; error: unknown }[];
  /** Items that settled (fulfilled or rejected). */
  completed: number;
  /** Whether the signal stopped the run before every item was handed out. */
  aborted: boolean;
}

/**
 * Processes `items` in batches with bounded concurrency (seed 000's processBulkOperation): results
 * come back in input order, a failing item is recorded without stopping the others, and an abort
 * stops cleanly, reporting which items were done and which were skipped. Never rejects for an
 * item's error.
 *
 * @example
 * const { results, errors } = await processBulk(users, (u, i, signal) => save(u, { signal }), {
 *   batchSize: 50, maxConcurrency: 5, onProgress: (done, total) => log(`${done}/${total}`),
 * });
 */
export async function processBulk<T, R>(
  items: readonly T[],
  worker: (item: T, index: number, signal: AbortSignal | undefined) => R | PromiseLike<R>,
  options: ProcessBulkOptions = {},
): Promise<BulkResult<R>> {
  if (!Array.isArray(items)) throw invalidInput({ field: 'items', value: items, expected: 'an array' });
  checkFunction(worker, 'worker');
  checkKnownKeys(options, ['batchSize', 'maxConcurrency', 'onProgress', 'signal']);
  const batchSize = options.batchSize === undefined ? 100 : checkInteger(options.batchSize, 'batchSize', { min: 1 });
  const maxConcurrency = options.maxConcurrency === undefined ? 10 : checkInteger(options.maxConcurrency, 'maxConcurrency', { min: 1 });
  const onProgress = options.onProgress === undefined ? undefined : checkFunction<(c: number, t: number) => void>(options.onProgress, 'onProgress');
  const { signal } = options;
  const total = items.length;
  const outcomes: BulkOutcome<R>[] = new Array(total);
  let completed = 0;

  const runOne = async (index: number): Promise<void> => {
    try {
      outcomes[index] = { status: 'fulfilled', value: await worker(items[index]!, index, signal) };
    } catch (reason) {
      outcomes[index] = { status: 'rejected', reason };
    }
    completed++;
    onProgress?.(completed, total);
  };

  let next = 0;
  for (let batchStart = 0; batchStart < total && !signal?.aborted; batchStart += batchSize) {
    const batchEnd = Math.min(total, batchStart + batchSize);
    next = batchStart;
    const lane = async (): Promise<void> => {
      while (next < batchEnd && !signal?.aborted) await runOne(next++);
    };
    const lanes: Promise<void>[] = [];
    for (let k = 0; k < Math.min(maxConcurrency, batchEnd - batchStart); k++) lanes.push(lane());
    await Promise.all(lanes);
  }

  const results: (R | undefined)[] = new Array(total);
  const errors: { index: number; error: unknown }[] = [];
  for (let i = 0; i < total; i++) {
    const o = outcomes[i] ?? (outcomes[i] = { status: 'skipped' });
    results[i] = o.status === 'fulfilled' ? o.value : undefined;
    if (o.status === 'rejected') errors.push({ index: i, error: o.reason });
  }
  return { outcomes, results, errors, completed, aborted: completed < total && signal?.aborted === true };
}
