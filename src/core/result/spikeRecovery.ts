/**
 * How a service came back after a spike (baseline, spike, baseline), as `spikeRecovery` in
 * loadline/load measures it from a run's series and the report's spike section shows it. One
 * shape for both, so the engine imports no report file.
 */
export interface SpikeRecovery {
  /** The spike as found: start and end (seconds on the series axis), baseline and peak load. */
  spike: { startS: number; endS: number; baseline: number; peak: number };
  /** Which per-interval percentile was judged. */
  percentile: 50 | 95 | 99;
  /** The latency the percentile had to come back within, ms. */
  limitMs: number;
  /** Whether the percentile came back within the limit and stayed there. */
  recovered: boolean;
  /** Time from the end of the spike to the start of the first interval of the stable run within the limit, ms; null when it never came back. Resolution: one interval. */
  recoveryMs: number | null;
  /** Worst per-interval percentile from the spike's start to the end of the run, ms. */
  worstMs: number;
}
