import type { ForumVolumes } from '../forum/index.js';
import type { CapacityReport } from '../load/index.js';
import type { Diagnosis } from './diagnosis.js';
import type { ServiceMode } from './DemoEvents.js';

/** One service held at one arrival rate (the naive service's max), as the client and the service's monitor saw it. */
export interface AtRate {
  /** Offered arrival rate. Per second. */
  rate: number;
  achievedRps: number;
  p95Ms: number;
  p99Ms: number;
  /** Failed requests over requests, 0..1. */
  errorRate: number;
  /** Failed requests by kind (`timeout`, `http4xx`, ...), the kinds seen only; absent when none failed or not known (the search's step). */
  errorsByKind?: Record<string, number>;
  /** Worst event-loop delay p99 of the monitor's intervals during the hold; absent when none closed inside it. Milliseconds. */
  eventLoopP99Ms?: number;
  /** The service's resident memory and V8 heap at the end of the hold, from its monitor. Bytes. */
  rssBytes?: number;
  heapUsedBytes?: number;
}

/** One service's part of the demo. */
export interface ServiceReport {
  mode: ServiceMode;
  /** Fixes in force (none in naive mode). */
  fixes: string[];
  volumes: ForumVolumes;
  /** Seeding its data. Milliseconds. */
  seedMs: number;
  /** Highest arrival rate (requests/s: one request per iteration) whose step met every SLO; null when none did. */
  maxSustainable: number | null;
  /** True when the load generator, not the service, bounded the search: the service sustains at least `maxSustainable`. */
  maxSustainableAtLeast?: true;
  /** The capacity search's full report: ladder, breaking point, stop reason. */
  capacity: CapacityReport;
  /** Causes read from the service's own instruments after its search; absent when interrupted before. */
  diagnosis?: Diagnosis;
  /** Why the diagnosis could not be read (an instrument did not answer); absent when it was. */
  diagnosisError?: string;
  /** Held at the naive service's max sustainable rate; absent when there was none, or when interrupted before. */
  atNaiveMax?: AtRate;
}

/** `loadline-demo.json`: what the demo measured, machine-readable (CI reads `naive.maxSustainable`, `optimized.maxSustainable`, `gain`). */
export interface DemoReport {
  format: 'loadline.demo';
  version: 1;
  startedAt: string;
  endedAt: string;
  elapsedMs: number;
  quick: boolean;
  scale: number;
  slos: string[];
  /** The machine the demo ran on: CPUs and load averages (1, 5, 15 min) at the start and the end. */
  machine: { cpus: number; loadAverageStart: number[]; loadAverageEnd: number[] };
  naive?: ServiceReport;
  optimized?: ServiceReport;
  /** optimized.maxSustainable / naive.maxSustainable; null when either is missing. */
  gain: number | null;
  /** p95 at the naive service's max rate, naive over optimized; null when either is missing. */
  p95Gain: number | null;
  /** Present when Ctrl-C (the `signal`) stopped the demo: what is here was measured before. */
  interrupted?: true;
}

/** `a / b`, rounded to two decimals; null when either is missing or `b` is not positive. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || !(b > 0)) return null;
  return Math.round((a / b) * 100) / 100;
}
