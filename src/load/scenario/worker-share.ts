import { checkInteger } from '../../core/index.js';
import type { Stage } from './profiles.js';

/**
 * Worker `worker`'s share of `total` users when `workers` threads split them: whole users, the
 * remainder going to the first workers, so the shares always add up to `total` exactly.
 *
 * @example
 * [0, 1, 2].map((w) => userShare(10, w, 3)); // [4, 3, 3]
 */
export function userShare(total: number, worker: number, workers: number): number {
  checkInteger(workers, '--workers', { min: 1 });
  checkInteger(worker, 'worker', { min: 0, max: workers - 1 });
  const base = Math.floor(total / workers);
  return base + (worker < total - base * workers ? 1 : 0);
}

/**
 * The stages one worker runs: users split with `userShare` at every stage boundary, rates
 * divided evenly. Durations are never split.
 *
 * @example
 * workerStages(resolveProfile('smoke').stages, 0, 4); // [{ durationMs: 30000, from: 3, to: 3 }]
 */
export function workerStages(stages: readonly Stage[], worker: number, workers: number, unit: 'users' | 'rate' = 'users'): Stage[] {
  const share = unit === 'users' ? (n: number) => userShare(n, worker, workers) : (n: number) => n / workers;
  checkInteger(workers, '--workers', { min: 1 });
  return stages.map((s) => ({ durationMs: s.durationMs, from: share(s.from), to: share(s.to) }));
}
