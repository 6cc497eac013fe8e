/**
 * The server side of a load run, sampled during it on the run's time axis: the target's loadline
 * monitor (event-loop delay, CPU, heap, GC, the query table over the run) and Redis/PostgreSQL
 * statistics. What `loadline run --monitor`, `--sample-redis` and `--sample-pg` store in the
 * result. The monitor and db pillars load only when a sampler starts. A target process's own CPU
 * and RSS by pid is `ProcessSampler` (capacity search's `pid`).
 *
 * @example
 * import { runLoad, startRunSampling } from 'loadline/load';
 * const sampling = await startRunSampling({ monitor: { source: 'http://127.0.0.1:3000' } });
 * await sampling.started;
 * const result = await runLoad({ url: 'http://127.0.0.1:3000/api/users', durationMs: 30_000 });
 * await sampling.finish(result);
 */
export { startRunSampling, type RunSampling, type RunSamplingOptions } from './RunSampling.js';
export { sampleMonitorDuring, type MonitorSampling, type MonitorSamplingOptions } from './MonitorSampling.js';
export { sampleDatastoresDuring, type DatastoreSampling, type DatastoreSamplingOptions } from './DatastoreSampling.js';
