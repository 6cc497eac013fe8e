/**
 * A stage of a load profile: over `durationMs`, the target (VUs in the closed model, arrivals per
 * second in the open model) moves linearly from the previous stage's target to `target`.
 */
export interface Stage {
  /** Length of the stage in milliseconds. */
  durationMs: number;
  /** VUs (closed model) or iterations per second (open model) reached at the end of the stage. */
  target: number;
}

/** Total length of a list of stages in milliseconds. */
export function stagesDuration(stages: readonly Stage[]): number {
  let total = 0;
  for (const s of stages) total += s.durationMs;
  return total;
}

/**
 * The target at `elapsedMs` into the stages, interpolated linearly from `start`; the last target
 * holds past the end.
 *
 * @example
 * targetAt([{ durationMs: 10_000, target: 50 }], 0, 5_000); // 25
 */
export function targetAt(stages: readonly Stage[], start: number, elapsedMs: number): number {
  let from = start;
  let t = elapsedMs;
  for (const s of stages) {
    if (t < s.durationMs) return s.durationMs === 0 ? s.target : from + ((s.target - from) * t) / s.durationMs;
    t -= s.durationMs;
    from = s.target;
  }
  return from;
}
