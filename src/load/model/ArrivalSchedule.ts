import type { Stage } from './Stage.js';

interface Segment {
  startMs: number;
  durationMs: number;
  /** Rates in arrivals per millisecond at the segment's start and end. */
  r0: number;
  r1: number;
  /** Arrivals due before the segment starts. */
  before: number;
  /** Arrivals due within the segment. */
  count: number;
}

/**
 * When each arrival of an open-model run is due. The rate is piecewise linear (stages of
 * arrivals per second), so the k-th arrival is at the time where the integral of the rate reaches
 * k; within a ramp that is the root of a quadratic. Arrival times are exact, never bunched to the
 * timer tick, so latency measured from them is honest.
 *
 * @example
 * const s = new ArrivalSchedule([{ durationMs: 10_000, target: 200 }], 200);
 * s.timeOf(0); // 0
 * s.timeOf(1); // 5 (ms)
 */
export class ArrivalSchedule {
  readonly #segments: Segment[] = [];
  readonly total: number;
  #cursor = 0;

  /** @param startRate arrivals per second at time 0 (before the first stage's ramp) */
  constructor(stages: readonly Stage[], startRate: number) {
    let from = startRate / 1000;
    let startMs = 0;
    let before = 0;
    for (const s of stages) {
      const r1 = s.target / 1000;
      const count = ((from + r1) / 2) * s.durationMs;
      this.#segments.push({ startMs, durationMs: s.durationMs, r0: from, r1, before, count });
      before += count;
      startMs += s.durationMs;
      from = r1;
    }
    this.total = Math.floor(before + 1e-9);
  }

  /** Rate in arrivals per second at `elapsedMs`. */
  rateAt(elapsedMs: number): number {
    for (const seg of this.#segments) {
      if (elapsedMs < seg.startMs + seg.durationMs) return (seg.r0 + ((seg.r1 - seg.r0) * (elapsedMs - seg.startMs)) / seg.durationMs) * 1000;
    }
    const last = this.#segments[this.#segments.length - 1];
    return last ? last.r1 * 1000 : 0;
  }

  /**
   * Milliseconds from the start at which arrival `k` (0-based) is due; `Infinity` past the end.
   * Fastest when called with non-decreasing `k`.
   */
  timeOf(k: number): number {
    if (k >= this.total) return Infinity;
    const segs = this.#segments;
    if (this.#cursor >= segs.length || segs[this.#cursor]!.before > k) this.#cursor = 0;
    while (this.#cursor < segs.length - 1 && segs[this.#cursor]!.before + segs[this.#cursor]!.count <= k) this.#cursor++;
    const seg = segs[this.#cursor]!;
    const n = k - seg.before;
    if (n <= 0) return seg.startMs;
    const a = (seg.r1 - seg.r0) / (2 * seg.durationMs);
    let tau: number;
    if (Math.abs(a) < 1e-15) tau = n / seg.r0;
    else {
      // a·τ² + r0·τ − n = 0, the root inside the segment; the stable form avoids cancellation.
      const disc = Math.sqrt(Math.max(0, seg.r0 * seg.r0 + 4 * a * n));
      tau = (2 * n) / (seg.r0 + disc);
    }
    return seg.startMs + Math.min(tau, seg.durationMs);
  }
}
