import type { MetricsSink } from '../core/index.js';

/** Counter fields of a stats snapshot and the `loadline_cache_*_total` counter each feeds. */
const COUNTERS: ReadonlyArray<[string, string, string]> = [
  ['hits', 'loadline_cache_hits_total', 'Cache reads that found a fresh entry'],
  ['misses', 'loadline_cache_misses_total', 'Cache reads that found nothing usable'],
  ['staleHits', 'loadline_cache_stale_hits_total', 'Cache reads answered with a stale value in grace'],
  ['evictions', 'loadline_cache_evictions_total', 'Entries dropped to make room'],
  ['expirations', 'loadline_cache_expirations_total', 'Entries dropped because their TTL ran out'],
  ['loads', 'loadline_cache_loads_total', 'Loader runs started on a miss or a refresh'],
  ['loadErrors', 'loadline_cache_load_errors_total', 'Loader runs that failed or timed out'],
  ['l2Hits', 'loadline_cache_l2_hits_total', 'Reads answered by the Redis tier'],
  ['l2Errors', 'loadline_cache_l2_errors_total', 'Redis commands that failed or were skipped because Redis was down'],
];

/**
 * Reports a cache's stats through a MetricsSink. Gauges (entries, bytes, hit ratio) are read when
 * the sink collects; counters are brought up to date at the same moment from the stats deltas, so
 * the cache's hot path never calls into the sink.
 *
 * @example
 * registerCacheMetrics(monitor.metrics, 'users', () => cache.stats());
 */
export function registerCacheMetrics(sink: MetricsSink, name: string, read: () => object): () => void {
  const labels = { cache: name };
  const labelNames = ['cache'];
  const counters = COUNTERS.filter(([field]) => field in read()).map(([field, metric, help]) => ({
    field,
    counter: sink.counter({ name: metric, help, labelNames }),
    reported: 0,
  }));
  let last = read() as Record<string, number>;
  const flush = (): Record<string, number> => {
    last = read() as Record<string, number>;
    for (const c of counters) {
      const now = last[c.field] ?? 0;
      if (now > c.reported) c.counter.inc(now - c.reported, labels);
      c.reported = now;
    }
    return last;
  };
  sink.gauge({ name: 'loadline_cache_entries', help: 'Entries held in the cache', labelNames, collect: () => [{ labels, value: flush().entries ?? 0 }] });
  sink.gauge({ name: 'loadline_cache_bytes', help: 'Bytes held in the cache (byte-bounded caches)', labelNames, collect: () => [{ labels, value: flush().bytes ?? 0 }] });
  sink.gauge({ name: 'loadline_cache_hit_ratio', help: 'Hits over hits plus misses since start', labelNames, collect: () => [{ labels, value: flush().hitRate ?? 0 }] });
  return () => void flush();
}
