import { checkNumber, invalidInput, median, type RunResult, type SeriesPoint } from '../../core/index.js';

/** A memory reading of the target, `t` in seconds on the result's series axis. */
export interface MemoryPoint {
  t: number;
  rssBytes: number;
}

/** Options of `soakDegradation`. */
export interface SoakOptions {
  /** Length of the first and last window compared, ms; default 10 % of the run, at least one interval. */
  windowMs?: number;
  /** Target memory readings (from `--pid`); default the result's `server` points that carry `rssBytes`. */
  memory?: readonly MemoryPoint[];
}

/** Figures of one window of a soak run. */
export interface SoakWindow {
  fromS: number;
  toS: number;
  /** Requests per second over the window. */
  rps: number;
  /** Median of the per-interval p95 in the window, ms. */
  p95Ms: number;
  /** Mean RSS of the target over the window, bytes; absent without memory readings. */
  rssBytes?: number;
}

/** How a long run degraded from its first to its last window. Positive percentages are worse. */
export interface SoakDegradation {
  windowMs: number;
  first: SoakWindow;
  last: SoakWindow;
  /** Throughput lost, % of the first window's (positive = slower at the end). */
  throughputDropPercent: number;
  /** p95 increase, % of the first window's (positive = slower at the end). */
  p95IncreasePercent: number;
  /** RSS growth, % of the first window's; absent without memory readings. */
  memoryGrowthPercent?: number;
}

const round = (v: number) => Math.round(v * 100) / 100;

function windowOf(points: readonly SeriesPoint[], fromS: number, toS: number, memory: readonly MemoryPoint[]): SoakWindow {
  let requests = 0;
  let seconds = 0;
  const p95s: number[] = [];
  let prevT = 0;
  for (const p of points) {
    const start = prevT;
    prevT = p.t;
    if (p.t <= fromS + 1e-9 || start >= toS - 1e-9) continue;
    requests += p.requests;
    seconds += p.t - start;
    if (p.requests > 0) p95s.push(p.p95);
  }
  const w: SoakWindow = { fromS: round(fromS), toS: round(toS), rps: round(seconds > 0 ? requests / seconds : 0), p95Ms: round(p95s.length ? median(p95s) : 0) };
  if (memory.length) {
    // Half-open windows (fromS, toS], as the series' intervals; a reading at 0 belongs to the first.
    let inside = memory.filter((m) => (fromS <= 0 ? m.t >= 0 : m.t > fromS + 1e-9) && m.t <= toS + 1e-9);
    // No reading inside the window: the nearest one stands for it.
    if (inside.length === 0) inside = [memory.reduce((a, b) => (Math.abs(b.t - (fromS + toS) / 2) < Math.abs(a.t - (fromS + toS) / 2) ? b : a))];
    w.rssBytes = Math.round(inside.reduce((s, m) => s + m.rssBytes, 0) / inside.length);
  }
  return w;
}

const change = (from: number, to: number) => (from === 0 ? 0 : round(((to - from) / from) * 100));

/**
 * Degradation of an endurance (soak) run: throughput and p95 of the first window against the
 * last, and the target's memory growth when readings are given (or the result has server RSS).
 * p95 of a window is the median of its per-interval p95s, since percentiles of intervals do not
 * merge; intervals without requests are left out of it.
 *
 * @example
 * const d = soakDegradation(result, { windowMs: 60_000, memory: pidReadings });
 * if (d.p95IncreasePercent > 20 || (d.memoryGrowthPercent ?? 0) > 10) console.log('degrades over time');
 */
export function soakDegradation(result: RunResult, options: SoakOptions = {}): SoakDegradation {
  const points = result.series.points;
  if (points.length < 2) throw invalidInput({ field: 'series.points', value: points.length, expected: 'a run with at least 2 per-interval points' });
  const endS = points[points.length - 1]!.t;
  const intervalMs = result.series.intervalMs;
  const windowMs = options.windowMs === undefined ? Math.max(intervalMs, endS * 100) : checkNumber(options.windowMs, 'windowMs', { min: intervalMs, max: (endS * 1000) / 2 });
  const memory = options.memory ?? (result.server?.points ?? []).filter((p) => typeof p.rssBytes === 'number').map((p) => ({ t: p.t, rssBytes: p.rssBytes! }));
  const w = windowMs / 1000;
  const first = windowOf(points, 0, w, memory);
  const last = windowOf(points, endS - w, endS, memory);
  const out: SoakDegradation = {
    windowMs,
    first,
    last,
    throughputDropPercent: -change(first.rps, last.rps) || 0,
    p95IncreasePercent: change(first.p95Ms, last.p95Ms),
  };
  if (first.rssBytes !== undefined && last.rssBytes !== undefined) out.memoryGrowthPercent = change(first.rssBytes, last.rssBytes);
  return out;
}
