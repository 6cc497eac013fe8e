import type { ClusterView } from './cluster/ClusterView.js';
import type { HttpInterval } from './http/HttpMetrics.js';
import type { LeakReport } from './runtime/LeakDetector.js';
import type { RuntimeSample } from './runtime/RuntimeProbes.js';
import type { SloReport } from './alerts/SloTracker.js';
import type { AlertState } from './alerts/AlertRules.js';

/**
 * One monitor interval: what `/api/monitoring/metrics` serves, the dashboard plots and the history
 * ring keeps. Latency in milliseconds, sizes in bytes.
 */
export interface MonitorSample {
  /** Wall-clock time the interval closed, ms since the epoch. */
  t: number;
  intervalMs: number;
  /** This process's own runtime figures (a cluster primary's own, not its workers'). */
  runtime?: RuntimeSample;
  /** On a node:cluster primary (`aggregateCluster`): each live worker's runtime figures and their sums and maxima. */
  cluster?: ClusterView;
  http: HttpInterval;
  leak?: LeakReport;
  slos: SloReport[];
  /** Active alerts at the end of the interval. */
  alerts: AlertState[];
  /** Counters and gauges registered through the metrics sink, by `name{label="value"}`. */
  metrics: Record<string, number>;
}
