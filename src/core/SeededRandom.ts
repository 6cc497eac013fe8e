/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same numbers on
 * every run and every machine, so flow picks, think times, bootstrap intervals, synthetic results
 * and the demo's latency spread are reproducible. Not for secrets.
 *
 * @example
 * const rng = new SeededRandom(42);
 * rng.next();   // uniform in [0, 1), the same for every run with seed 42
 * rng.int(6);   // integer in [0, 6)
 * rng.normal(); // standard normal
 */
export class SeededRandom {
  #state: number;
  #spare: number | undefined;

  /** @param seed any number; only its low 32 bits count (default 1). */
  constructor(seed = 1) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.#spare !== undefined) {
      const s = this.#spare;
      this.#spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}
