import type { Random } from '../random.js';

/** A think step: fixed when `minMs === maxMs`, else uniform in [minMs, maxMs]. */
export interface ThinkRange {
  /** Shortest pause in milliseconds. */
  minMs: number;
  /** Longest pause in milliseconds. */
  maxMs: number;
}

/**
 * Draws one pause in milliseconds.
 *
 * @example
 * sampleThinkMs({ minMs: 500, maxMs: 3000 }, seededRandom(1)); // e.g. 1873.4
 */
export function sampleThinkMs(range: ThinkRange, rng: Random): number {
  return range.minMs === range.maxMs ? range.minMs : range.minMs + rng.next() * (range.maxMs - range.minMs);
}
