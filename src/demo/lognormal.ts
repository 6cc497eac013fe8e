/**
 * A lognormal delay sampler: most responses near the median, a long right tail, as real service
 * latencies are. `sigma` 0.5 puts p99 at about 3.2x the median.
 *
 * @example
 * const delay = lognormal(20, 0.5, Math.random);
 * delay(); // ms, median 20
 */
export function lognormal(medianMs: number, sigma: number, random: () => number = Math.random): () => number {
  const mu = Math.log(medianMs);
  return () => {
    // Box-Muller; 1 - random() avoids log(0).
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.exp(mu + sigma * z);
  };
}
