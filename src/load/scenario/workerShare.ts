import { checkInteger } from '../../core/index.js';
import type { Stage } from '../model/Stage.js';

/**
 * Worker `worker`'s share of `total` users when `workers` threads split them: whole users, the
 * remainder going to the first workers, so the shares always add up to `total` exactly.
 *
 * @example
 * [0, 1, 2].map((w) => userShare(10, w, 3)); // [4, 3, 3]
 */
export function userShare(total: number, worker: number, workers: number): number {
  checkInteger(workers, 'workers', { min: 1 });
  checkInteger(worker, 'worker', { min: 0, max: workers - 1 });
  const base = Math.floor(total / workers);
  return base + (worker < total - base * workers ? 1 : 0);
}

/**
 * The load one worker applies: users split with `userShare` at the start and at every stage
 * target, rates divided evenly. Durations are never split.
 *
 * @example
 * workerLoad(resolveProfile('smoke'), 0, 4); // { start: 3, stages: [{ durationMs: 30000, target: 3 }] }
 */
export function workerLoad(load: { start: number; stages: readonly Stage[] }, worker: number, workers: number, unit: 'users' | 'rate' = 'users'): { start: number; stages: Stage[] } {
  checkInteger(workers, 'workers', { min: 1 });
  checkInteger(worker, 'worker', { min: 0, max: workers - 1 });
  const share = unit === 'users' ? (n: number) => userShare(n, worker, workers) : (n: number) => n / workers;
  return { start: share(load.start), stages: load.stages.map((s) => ({ durationMs: s.durationMs, target: share(s.target) })) };
}
