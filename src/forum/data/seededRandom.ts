/**
 * mulberry32: uniform integers in [0, n) from a 32-bit seed, the same on every machine.
 * report/SeededRandom does the same; it is not imported because the forum's own process should
 * not load the report pillar (the demo measures this process's memory and start time). Both
 * belong in core once someone moves them.
 */
export function seededInts(seed: number): { int(n: number): number; next(): number } {
  let state = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}
