/**
 * Call and failure counts over the last `windowMs`, in `buckets` slices: the window rolls one
 * slice at a time, so counts are exact to within one slice. No allocation after construction.
 */
export class RollingWindow {
  readonly #totals: Int32Array;
  readonly #failures: Int32Array;
  readonly #sliceMs: number;
  #slice = -1;
  total = 0;
  failures = 0;

  constructor(windowMs: number, buckets: number) {
    this.#totals = new Int32Array(buckets);
    this.#failures = new Int32Array(buckets);
    this.#sliceMs = windowMs / buckets;
  }

  record(now: number, failed: boolean): void {
    const i = this.#advance(now);
    this.#totals[i]!++;
    this.total++;
    if (failed) {
      this.#failures[i]!++;
      this.failures++;
    }
  }

  /** Rolls the window to `now` so `total` and `failures` describe the last window. */
  roll(now: number): void {
    this.#advance(now);
  }

  clear(): void {
    this.#totals.fill(0);
    this.#failures.fill(0);
    this.total = 0;
    this.failures = 0;
  }

  #advance(now: number): number {
    const n = this.#totals.length;
    const slice = Math.floor(now / this.#sliceMs);
    if (slice !== this.#slice) {
      const steps = this.#slice < 0 ? n : Math.min(n, slice - this.#slice);
      for (let k = 1; k <= steps; k++) {
        const j = (((slice - steps + k) % n) + n) % n;
        this.total -= this.#totals[j]!;
        this.failures -= this.#failures[j]!;
        this.#totals[j] = 0;
        this.#failures[j] = 0;
      }
      this.#slice = slice;
    }
    return ((slice % n) + n) % n;
  }
}
