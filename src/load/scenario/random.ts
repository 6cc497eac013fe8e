import { SeededRandom } from '../../core/index.js';

/**
 * Where a scenario's randomness comes from: seeded, the same seed gives the same flow picks,
 * think times, data rows and template values, so tests and reruns are reproducible.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
}

/**
 * The seeded generator for scenario runs (core's `SeededRandom`, mulberry32).
 *
 * @example
 * const rng = seededRandom(42);
 * rng.next(); // same value for every run with seed 42
 */
export function seededRandom(seed: number): Random {
  return new SeededRandom(seed);
}

/** `Math.random` as a `Random`, for runs without a seed. */
export const mathRandom: Random = { next: Math.random };

/** Integer uniform in [min, max], both inclusive. */
export function randomInt(rng: Random, min: number, max: number): number {
  return min + Math.floor(rng.next() * (max - min + 1));
}
