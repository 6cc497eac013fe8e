import { checkNumber, invalidInput } from '../../core/index.js';

/** One stretch of a load shape: the target moves linearly from `from` to `to` over `durationMs`. */
export interface Stage {
  /** Length in milliseconds. */
  durationMs: number;
  /** Users (or arrival rate) at the start of the stage. */
  from: number;
  /** Users (or arrival rate) at the end of the stage. */
  to: number;
}

export interface ResolvedProfile {
  name: ProfileName;
  stages: Stage[];
  /** Sum of the stages' durations, ms. */
  totalMs: number;
  /** Highest target of any stage. */
  peak: number;
}

export interface ProfileOptions {
  /** Multiplies users or rates, never durations; default 1. */
  scale?: number;
  /** Overrides the total duration in ms, stretching every stage in proportion; default the profile's. */
  durationMs?: number;
  /** `users` round targets to whole VUs (at least 1 where the profile has any); `rate` keeps fractions; default `users`. */
  unit?: 'users' | 'rate';
}

const S = 1000;
const M = 60_000;
const hold = (durationMs: number, n: number): Stage => ({ durationMs, from: n, to: n });

/** seed 000's test configurations; spike adds 10 % of peak before and after to watch recovery. */
const PROFILES = {
  smoke: [hold(30 * S, 10)],
  ramp: [{ durationMs: 2 * M, from: 0, to: 50 }],
  full: [hold(5 * M, 300)],
  stress: [hold(3 * M, 500)],
  spike: [hold(30 * S, 100), hold(1 * M, 1000), hold(1 * M, 100)],
  soak: [hold(30 * M, 100)],
} satisfies Record<string, Stage[]>;

export type ProfileName = keyof typeof PROFILES;

/** Names `--profile` accepts. */
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/**
 * Resolves a named profile (seed 000) to stages. `scale` multiplies users or rates;
 * `durationMs` stretches the stages in proportion to a new total (the last stage takes the
 * rounding so the total is exact).
 *
 * @example
 * resolveProfile('spike', { scale: 0.1 });
 * // stages: 10 users for 30 s, 100 for 1 m, 10 for 1 m
 * resolveProfile('smoke', { durationMs: 60_000 }).stages; // [{ durationMs: 60000, from: 10, to: 10 }]
 */
export function resolveProfile(name: string, options: ProfileOptions = {}): ResolvedProfile {
  if (!Object.hasOwn(PROFILES, name)) throw invalidInput({ field: '--profile', value: name, expected: `one of ${PROFILE_NAMES.join(', ')}` });
  const scale = checkNumber(options.scale ?? 1, '--scale', { above: 0 });
  const base = PROFILES[name as ProfileName];
  const baseTotal = base.reduce((sum, s) => sum + s.durationMs, 0);
  const totalMs = options.durationMs === undefined ? baseTotal : checkNumber(options.durationMs, '--duration', { above: 0 });
  const factor = totalMs / baseTotal;
  const users = (options.unit ?? 'users') === 'users';
  const target = (n: number) => (n === 0 ? 0 : users ? Math.max(1, Math.round(n * scale)) : n * scale);
  let used = 0;
  const stages = base.map((s, i) => {
    const durationMs = i === base.length - 1 ? totalMs - used : Math.round(s.durationMs * factor);
    used += durationMs;
    return { durationMs, from: target(s.from), to: target(s.to) };
  });
  return { name: name as ProfileName, stages, totalMs, peak: Math.max(...stages.map((s) => Math.max(s.from, s.to))) };
}

/**
 * The target at `elapsedMs` into the stages: linear within a stage, the last stage's end value
 * after the end.
 *
 * @example
 * targetAt(resolveProfile('ramp').stages, 60_000); // 25
 */
export function targetAt(stages: readonly Stage[], elapsedMs: number): number {
  let t = elapsedMs;
  for (const s of stages) {
    if (t < s.durationMs) return s.from + ((s.to - s.from) * t) / s.durationMs;
    t -= s.durationMs;
  }
  return stages.length ? stages[stages.length - 1]!.to : 0;
}
