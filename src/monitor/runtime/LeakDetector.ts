import { checkNumber, checkInteger, systemClock, type Clock } from '../../core/index.js';

/** Bytes per megabyte as loadline counts sizes (1 MB = 1,000,000 bytes, as in `parseBytes`). */
const MB = 1_000_000;
const HOUR_MS = 3_600_000;

export interface LeakDetectorOptions {
  /** How far back samples are kept for the fit; default 3,600,000 ms (1 h). */
  windowMs?: number;
  /** Samples needed before anything is reported; default 10. */
  minSamples?: number;
  /** Time the samples must span before a leak can be flagged; default 600,000 ms (10 min). */
  minSpanMs?: number;
  /** Growth below this is never flagged; default 1 MB/h. */
  thresholdMbPerHour?: number;
  /** Samples kept at most, oldest dropped first; default 2000. */
  maxSamples?: number;
  clock?: Clock;
}

export interface LeakReport {
  /** Least-squares slope of heap used after GC, in MB (10^6 bytes) per hour. */
  slopeMbPerHour: number;
  /** Standard error of the slope, MB/h. */
  stderrMbPerHour: number;
  samples: number;
  spanMs: number;
  /** True when growth is above the threshold and sustained (slope minus 3 standard errors above zero). */
  flagged: boolean;
}

/**
 * Memory-leak trend: heap used right after each major GC, fitted by least squares over a window.
 * Sampling only post-GC values removes the allocation sawtooth; the slope's standard error decides
 * whether the growth is sustained rather than noise.
 *
 * @example
 * const leaks = new LeakDetector({ windowMs: 2 * 3_600_000 });
 * leaks.record(v8.getHeapStatistics().used_heap_size); // after each major GC
 * leaks.report(); // { slopeMbPerHour: 12.1, flagged: true, ... }
 */
export class LeakDetector {
  readonly windowMs: number;
  readonly minSamples: number;
  readonly minSpanMs: number;
  readonly thresholdMbPerHour: number;
  readonly maxSamples: number;
  readonly #clock: Clock;
  readonly #t: Float64Array;
  readonly #y: Float64Array;
  #start = 0;
  #size = 0;

  constructor(options: LeakDetectorOptions = {}) {
    this.windowMs = checkNumber(options.windowMs ?? HOUR_MS, 'leak.windowMs', { above: 0 });
    this.minSamples = checkInteger(options.minSamples ?? 10, 'leak.minSamples', { min: 3 });
    this.minSpanMs = checkNumber(options.minSpanMs ?? 600_000, 'leak.minSpanMs', { min: 0 });
    this.thresholdMbPerHour = checkNumber(options.thresholdMbPerHour ?? 1, 'leak.thresholdMbPerHour', { min: 0 });
    this.maxSamples = checkInteger(options.maxSamples ?? 2000, 'leak.maxSamples', { min: 3 });
    this.#clock = options.clock ?? systemClock;
    this.#t = new Float64Array(this.maxSamples);
    this.#y = new Float64Array(this.maxSamples);
  }

  /** Adds one heap-after-GC sample (bytes) taken at `atMs` (monotonic ms; default now). */
  record(heapUsedBytes: number, atMs: number = this.#clock.now()): void {
    const cap = this.maxSamples;
    if (this.#size === cap) {
      this.#start = (this.#start + 1) % cap;
      this.#size--;
    }
    const i = (this.#start + this.#size) % cap;
    this.#t[i] = atMs;
    this.#y[i] = heapUsedBytes;
    this.#size++;
    const cutoff = atMs - this.windowMs;
    while (this.#size > 0 && this.#t[this.#start]! < cutoff) {
      this.#start = (this.#start + 1) % cap;
      this.#size--;
    }
  }

  report(): LeakReport {
    const n = this.#size;
    const cap = this.maxSamples;
    if (n < 3) return { slopeMbPerHour: 0, stderrMbPerHour: 0, samples: n, spanMs: 0, flagged: false };
    let mt = 0;
    let my = 0;
    for (let k = 0; k < n; k++) {
      const i = (this.#start + k) % cap;
      mt += this.#t[i]!;
      my += this.#y[i]!;
    }
    mt /= n;
    my /= n;
    let sxx = 0;
    let sxy = 0;
    for (let k = 0; k < n; k++) {
      const i = (this.#start + k) % cap;
      const dt = this.#t[i]! - mt;
      sxx += dt * dt;
      sxy += dt * (this.#y[i]! - my);
    }
    const spanMs = this.#t[(this.#start + n - 1) % cap]! - this.#t[this.#start]!;
    if (sxx === 0) return { slopeMbPerHour: 0, stderrMbPerHour: 0, samples: n, spanMs, flagged: false };
    const slope = sxy / sxx; // bytes per ms
    let sse = 0;
    for (let k = 0; k < n; k++) {
      const i = (this.#start + k) % cap;
      const r = this.#y[i]! - (my + slope * (this.#t[i]! - mt));
      sse += r * r;
    }
    const stderr = Math.sqrt(sse / (n - 2) / sxx);
    const toMbPerHour = HOUR_MS / MB;
    const slopeMbPerHour = slope * toMbPerHour;
    const stderrMbPerHour = stderr * toMbPerHour;
    const flagged = n >= this.minSamples && spanMs >= this.minSpanMs && slopeMbPerHour > this.thresholdMbPerHour && slopeMbPerHour - 3 * stderrMbPerHour > 0;
    return { slopeMbPerHour, stderrMbPerHour, samples: n, spanMs, flagged };
  }
}
