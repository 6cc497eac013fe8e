/**
 * What a capacity search leaves behind for reports: the ladder of held steps and what it found.
 * The load engine writes it (`findCapacity`), the report draws it; both read this one shape, so
 * the engine imports no report file.
 */

/** One step of a capacity-search ladder, as `loadline find` measures it. */
export interface CapacityStep {
  /** Offered load: arrival rate (requests or iterations/s) or VUs, per the ladder's `unit`. */
  offered: number;
  /** Achieved load in the offered unit (iterations/s; with a scenario an iteration may send several requests); absent in older ladders, where `achievedRps` stands in. */
  achieved?: number;
  /** Completed requests per second. */
  achievedRps: number;
  avgMs: number;
  p95Ms: number;
  p99Ms: number;
  /** Failed requests over requests, 0..1. */
  errorRate: number;
  /** Target's CPU % during the hold, when `--pid` was given. */
  cpuPercent?: number;
  /** Target's resident memory in bytes at the end of the hold, when `--pid` was given. */
  rssBytes?: number;
  /** Whether this step met every SLO. */
  ok: boolean;
}

/** A capacity search's outcome, for the report's ladder section. */
export interface CapacityLadder {
  /** What `offered` counts: `rate` (per second) or `vus`. */
  unit: 'rate' | 'vus';
  steps: CapacityStep[];
  /** Highest offered load whose step met every SLO; `atLeast` when the generator, not the service, stopped the search. */
  maxSustainable?: { rate: number; atLeast?: boolean };
  /** The load generator could not send more from this load on (its event loop or CPU saturated). */
  generatorLimit?: { rate: number; reason: string; suggestedWorkers?: number };
  /** Where errors passed their limit or throughput stopped rising with offered load. */
  breakingPoint?: { rate: number; reason?: string };
  /** The SLO expressions the steps were judged on. */
  slos?: string[];
}
