import { checkNumber, invalidInput } from '../../core/index.js';
import type { Stage } from '../model/Stage.js';

/** A named profile resolved to the engine's stages: `LoadOptions.vus` (or `rate`) = `start`, `stages` = `stages`. */
export interface ResolvedProfile {
  name: ProfileName;
  /** Users (or arrival rate) at time 0; stages ramp from it. */
  start: number;
  /** The engine's stages: linear ramps to `target`; a 0 ms stage is a jump. */
  stages: Stage[];
  /** Sum of the stages' durations, ms. */
  totalMs: number;
  /** Highest target, start included. */
  peak: number;
}

export interface ProfileOptions {
  /** Multiplies users or rates, never durations; default 1. */
  scale?: number;
  /** Overrides the total duration in ms, stretching every stage in proportion; default the profile's. */
  durationMs?: number;
  /** `users` round targets to whole VUs (at least 1 where the profile has any); `rate` keeps fractions; default `users`. */
  unit?: 'users' | 'rate';
  /**
   * The level the profile's highest stage reaches, before `scale`: every level keeps its share of
   * the profile's own peak (spike with `peak: 200`: 20, 200, 20). For `loadline run --profile
   * spike --rate 200/s`; default the profile's own peak (users).
   */
  peak?: number;
}

const S = 1000;
const M = 60_000;

/** seed 000's test configurations; spike adds 10 % of peak before and after, to watch recovery. */
const PROFILES = {
  smoke: { start: 10, stages: [{ durationMs: 30 * S, target: 10 }] },
  ramp: { start: 0, stages: [{ durationMs: 2 * M, target: 50 }] },
  full: { start: 300, stages: [{ durationMs: 5 * M, target: 300 }] },
  stress: { start: 500, stages: [{ durationMs: 3 * M, target: 500 }] },
  spike: {
    start: 100,
    stages: [
      { durationMs: 30 * S, target: 100 },
      { durationMs: 0, target: 1000 },
      { durationMs: 1 * M, target: 1000 },
      { durationMs: 0, target: 100 },
      { durationMs: 1 * M, target: 100 },
    ],
  },
  soak: { start: 100, stages: [{ durationMs: 30 * M, target: 100 }] },
} satisfies Record<string, { start: number; stages: Stage[] }>;

export type ProfileName = keyof typeof PROFILES;

/** Names `--profile` accepts. */
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/**
 * Resolves a named profile (seed 000) to a start level and the engine's stages. `peak` maps the
 * profile's shape onto another peak (an arrival rate); `scale` multiplies users or rates; `durationMs` stretches the stages in proportion to a new total (the
 * last timed stage takes the rounding, so the total is exact).
 *
 * @example
 * const p = resolveProfile('spike', { scale: 0.1 }); // 10 users for 30 s, 100 for 1 m, 10 for 1 m
 * await runLoad({ url, model: 'closed', vus: p.start, stages: p.stages });
 * const open = resolveProfile('spike', { unit: 'rate', peak: 200 }); // 20/s for 30 s, 200/s for 1 m, 20/s for 1 m
 * await runLoad({ url, model: 'open', rate: open.start, stages: open.stages });
 */
export function resolveProfile(name: string, options: ProfileOptions = {}): ResolvedProfile {
  if (!Object.hasOwn(PROFILES, name)) throw invalidInput({ field: 'profile', value: name, expected: `one of ${PROFILE_NAMES.join(', ')}` });
  const scale = checkNumber(options.scale ?? 1, 'scale', { above: 0 });
  const base = PROFILES[name as ProfileName];
  const baseTotal = base.stages.reduce((sum, s) => sum + s.durationMs, 0);
  const totalMs = options.durationMs === undefined ? baseTotal : checkNumber(options.durationMs, 'durationMs', { above: 0 });
  const factor = totalMs / baseTotal;
  const users = (options.unit ?? 'users') === 'users';
  const basePeak = Math.max(base.start, ...base.stages.map((s) => s.target));
  const factorOfPeak = options.peak === undefined ? 1 : checkNumber(options.peak, 'peak', { above: 0 }) / basePeak;
  const level = (n: number) => {
    const v = n * factorOfPeak * scale;
    return n === 0 ? 0 : users ? Math.max(1, Math.round(v)) : v;
  };
  let lastTimed = -1;
  base.stages.forEach((s, i) => {
    if (s.durationMs > 0) lastTimed = i;
  });
  let used = 0;
  const stages = base.stages.map((s, i) => {
    const durationMs = i === lastTimed ? totalMs - used : Math.round(s.durationMs * factor);
    used += durationMs;
    return { durationMs, target: level(s.target) };
  });
  const start = level(base.start);
  return { name: name as ProfileName, start, stages, totalMs, peak: Math.max(start, ...stages.map((s) => s.target)) };
}
