/**
 * How much a server's cumulative counter grew between two readings. A counter that went down was
 * reset (the server restarted), so it counted from zero: its new value is the growth.
 */
export function counterGrowth(before: number, after: number): number {
  return after >= before ? after - before : after;
}

/** Seconds between two readings' times in ms, at least a millisecond, so a rate never divides by zero. */
export function secondsBetween(beforeAtMs: number, afterAtMs: number): number {
  return Math.max(1e-3, (afterAtMs - beforeAtMs) / 1000);
}

/** `hits / (hits + misses)`, or null when nothing was looked up. */
export function hitRatio(hits: number, misses: number): number | null {
  const lookups = hits + misses;
  return lookups > 0 ? hits / lookups : null;
}
