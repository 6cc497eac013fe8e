import { invalidInput, type DatastoreGap, type RunResult } from '../../core/index.js';
import type { ServerSampler, ServerSeries } from '../../db/index.js';

/** Options of `sampleDatastoresDuring`. */
export interface DatastoreSamplingOptions {
  /** Redis to sample with INFO; default none. */
  redisUrl?: string;
  /** PostgreSQL to sample (pg_stat_database, pg_stat_statements); default none. */
  pgUrl?: string;
  /** Time between samples, ms; default 1000. */
  intervalMs?: number;
  /** Where warnings go (failed samples); default stderr. */
  warn?: (line: string) => void;
}

/** Sampling of one run, started with `sampleDatastoresDuring`. */
export interface DatastoreSampling {
  /** Stops sampling and stores the series in `result.datastores`, `t` in seconds since the measured start. */
  finish(result: RunResult): Promise<void>;
  /** Stops sampling and closes its connections, keeping nothing (the run did not start). */
  cancel(): Promise<void>;
}

const stderrWarn = (line: string) => void process.stderr.write(`${line}\n`);

function shifted<T extends { t: number }>(items: T[], shift: number, endS: number): T[] {
  const kept: T[] = [];
  for (const item of items) {
    const t = Math.round((item.t + shift) * 1000) / 1000;
    if (t >= 0 && t <= endS) kept.push({ ...item, t });
  }
  return kept;
}

function warnGaps(warn: (line: string) => void, name: string, gaps: DatastoreGap[]): void {
  if (gaps.length === 0) return;
  // The library scrubbed credentials from every gap's text.
  warn(`loadline: warning: ${gaps.length} ${name} sample(s) failed (${gaps[0]!.error}); the series has gaps`);
}

/**
 * Samples Redis and PostgreSQL during a load run with the db pillar's `startServerSampling`, and
 * puts the series on the run's time axis: what `loadline run --sample-redis URL --sample-pg URL`
 * stores in `result.datastores`. A server that goes away is a gap in its series and a warning,
 * never an error; credentials in the URLs reach neither the result nor the warnings. A bad URL
 * throws at once (before any load), naming its field (`redisUrl`, `pgUrl`) and showing it
 * without credentials. The db pillar is loaded only when this is called.
 *
 * @example
 * const sampling = await sampleDatastoresDuring({ redisUrl: 'redis://127.0.0.1:6379' });
 * const result = await runLoad(options);
 * await sampling.finish(result); // result.datastores = { intervalMs, redis: { source, points, gaps } }
 */
export async function sampleDatastoresDuring(options: DatastoreSamplingOptions): Promise<DatastoreSampling> {
  if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object with redisUrl or pgUrl' });
  const warn = options.warn ?? stderrWarn;
  const intervalMs = options.intervalMs ?? 1000;
  const { startServerSampling } = await import('../../db/index.js');
  const originMs = Date.now();
  const sampler: ServerSampler = startServerSampling({
    ...(options.redisUrl !== undefined ? { redisUrl: options.redisUrl } : {}),
    ...(options.pgUrl !== undefined ? { pgUrl: options.pgUrl } : {}),
    intervalMs,
    originMs,
  });
  return {
    async finish(result) {
      const series: ServerSeries = await sampler.stop();
      const measuredStart = Date.parse(result.startedAt) + (result.config.warmupMs ?? 0);
      const shift = (originMs - measuredStart) / 1000;
      // A sample describes the interval that ends at its `t`: keep those overlapping the measured part.
      const endS = result.summary.durationMs / 1000 + intervalMs / 1000;
      const datastores: NonNullable<RunResult['datastores']> = { intervalMs: series.intervalMs };
      if (series.redis) {
        datastores.redis = { source: series.redis.source, points: shifted(series.redis.points, shift, endS), gaps: shifted(series.redis.gaps, shift, endS) };
        warnGaps(warn, 'Redis', series.redis.gaps);
      }
      if (series.pg) {
        datastores.pg = { source: series.pg.source, points: shifted(series.pg.points, shift, endS), gaps: shifted(series.pg.gaps, shift, endS), statements: series.pg.statements };
        warnGaps(warn, 'PostgreSQL', series.pg.gaps);
      }
      result.datastores = datastores;
    },
    async cancel() {
      await sampler.stop();
    },
  };
}
