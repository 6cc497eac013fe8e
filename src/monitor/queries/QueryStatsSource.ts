import { invalidInput, type MetricsSink } from '../../core/index.js';

/**
 * What the monitor needs of a query monitor (`createQueryMonitor()` from `loadline/db`), typed by
 * shape so that the monitor never imports the db pillar: a snapshot as plain JSON and a way to
 * report through the monitor's metrics sink.
 */
export interface QueryStatsSource {
  /** Plain JSON of what was recorded (`format: 'loadline.db.queries'`), most total time first. */
  snapshot(options?: { top?: number }): object;
  /** Registers its Prometheus series with `sink`; returns the function that stops reporting. */
  reportTo(sink: MetricsSink): () => void;
}

/** Checks the `queries` option at construction, so a wrong value fails there and not on the first request. */
export function checkQueryStatsSource(value: unknown, field: string): QueryStatsSource {
  const v = value as Partial<QueryStatsSource> | null;
  if (typeof v !== 'object' || v === null || typeof v.snapshot !== 'function' || typeof v.reportTo !== 'function') {
    throw invalidInput({ field, value, expected: "a query monitor from loadline/db (createQueryMonitor() or defaultQueryMonitor())" });
  }
  return v as QueryStatsSource;
}
