import type { SeriesPoint } from '../../core/index.js';
import type { MetricSnapshot } from '../scenario/metrics/MetricRegistry.js';
import type { RunStatsSnapshot } from './RunStatsSnapshot.js';
import type { WorkerLoadOptions } from './splitLoad.js';

/** What a load worker thread starts with (its `workerData`). */
export interface WorkerInit {
  /** 0-based worker index and the number of workers. */
  index: number;
  count: number;
  /** This worker's share of the load. */
  load: WorkerLoadOptions;
  /** Scenario runs: the file each worker loads itself (functions cannot cross threads), the resolved target and seed. */
  scenario?: { file: string; target: string; seed: number | undefined };
  /** What the scenario's `setup` returned in the main thread (structured-cloned). */
  setupData?: unknown;
  /**
   * Custom metrics the main thread judges while the run goes on (abortOnFail thresholds): their
   * snapshots go with every interval; every metric goes with `done`. Default none, since encoding
   * each tagged series' histogram costs about 1.5 ms.
   */
  intervalMetrics?: string[];
}

/** Main thread to worker. */
export type ToWorker = { type: 'stop'; status: 'interrupted' | 'aborted' };

/** Worker to main thread. */
export type FromWorker =
  | { type: 'interval'; point: SeriesPoint; histogram: string; stats: RunStatsSnapshot; metrics: Record<string, MetricSnapshot> | undefined; /** Open model: VUs this worker has allocated so far. */ allocatedVus: number | undefined }
  | { type: 'done'; status: 'completed' | 'aborted' | 'interrupted'; measuredMs: number; stats: RunStatsSnapshot; metrics: Record<string, MetricSnapshot> | undefined }
  | { type: 'error'; message: string; code: string | undefined };
