import { checkKnownKeys, invalidInput, type RunResult } from '../../core/index.js';
import { sampleDatastoresDuring, type DatastoreSampling, type DatastoreSamplingOptions } from './DatastoreSampling.js';
import { sampleMonitorDuring, type MonitorSampling, type MonitorSamplingOptions } from './MonitorSampling.js';

/** Options of `startRunSampling`: what to sample on the server side of a run. */
export interface RunSamplingOptions {
  /** The target's loadline monitor (`sampleMonitorDuring`): `result.server` and `result.queries`; default none. */
  monitor?: MonitorSamplingOptions;
  /** Redis and PostgreSQL (`sampleDatastoresDuring`): `result.datastores`; default none. */
  datastores?: DatastoreSamplingOptions;
}

/** The server-side sampling of one run, started with `startRunSampling`. */
export interface RunSampling {
  /** Resolves once every sampler is ready (the monitor's query snapshot): start the load after it. */
  readonly started: Promise<void>;
  /** Stops every sampler and stores their series in the result, on its measured time axis. */
  finish(result: RunResult): Promise<void>;
  /** Stops every sampler, keeping nothing (the run did not start). */
  cancel(): Promise<void>;
}

/**
 * Starts the server-side sampling of one load run: the target's monitor, Redis and PostgreSQL,
 * whichever the options name. Bad options (a malformed URL) throw before anything started;
 * a server that cannot be reached later is a warning, never an error.
 *
 * @example
 * const sampling = await startRunSampling({ monitor: { source: 'http://127.0.0.1:3000' }, datastores: { redisUrl: 'redis://127.0.0.1:6379' } });
 * await sampling.started;
 * const result = await runLoad(options);
 * await sampling.finish(result); // result.server, result.queries, result.datastores
 */
export async function startRunSampling(options: RunSamplingOptions): Promise<RunSampling> {
  if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'sampling', value: options, expected: 'an options object with monitor or datastores' });
  checkKnownKeys(options, ['monitor', 'datastores']);
  // The datastores first: their URLs can be refused, and then no monitor poll has started.
  const stores: DatastoreSampling | undefined = options.datastores === undefined ? undefined : await sampleDatastoresDuring(options.datastores);
  let monitor: MonitorSampling | undefined;
  try {
    monitor = options.monitor === undefined ? undefined : await sampleMonitorDuring(options.monitor);
  } catch (err) {
    await stores?.cancel();
    throw err;
  }
  return {
    started: monitor?.started ?? Promise.resolve(),
    async finish(result) {
      await Promise.all([monitor?.finish(result), stores?.finish(result)]);
    },
    async cancel() {
      await Promise.all([monitor?.cancel(), stores?.cancel()]);
    },
  };
}
