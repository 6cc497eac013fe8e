/**
 * A small seedable pseudo-random generator (mulberry32): the same seed gives the same flow picks,
 * think times, data rows and template values, so tests and reruns are reproducible.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
}

/**
 * @example
 * const rng = seededRandom(42);
 * rng.next(); // same value for every run with seed 42
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** `Math.random` as a `Random`, for runs without a seed. */
export const mathRandom: Random = { next: Math.random };

/** Integer uniform in [min, max], both inclusive. */
export function randomInt(rng: Random, min: number, max: number): number {
  return min + Math.floor(rng.next() * (max - min + 1));
}
