import { invalidInput, isLoadlineError, type RunResult } from '../core/index.js';
import type { LoadRun, RepeatedRuns, RunSamplingOptions } from '../load/index.js';
import { defined } from './args.js';
import { writeOutputOrKeep, type KeptOutput } from './outputPath.js';

/** What `--monitor`, `--monitor-token`, `--sample-redis`, `--sample-pg`, `--html` and `--repeat` ask of `loadline run`. */
export interface RunExtras {
  /** Base URL of the target's runtime monitor to sample during the run; default none. */
  monitor?: string;
  /** Bearer token of that monitor; default `LOADLINE_TOKEN`. */
  monitorToken?: string;
  /** Time between polls of the monitor; default 1000 ms. */
  monitorIntervalMs?: number;
  /** Redis to sample with INFO during the run (`redis://...`); default none. */
  sampleRedis?: string;
  /** PostgreSQL to sample (pg_stat_database, pg_stat_statements) during the run; default none. */
  samplePg?: string;
  /** Time between samples of Redis and PostgreSQL; default 1000 ms. */
  sampleIntervalMs?: number;
  /** Where to write the HTML report; default none. */
  html?: string;
  /** Runs back to back, aggregated by median; default 1. */
  repeat: number;
  /** Print a line per repeat on stderr; default true. */
  announce?: boolean;
}

/** `parseArgs` options of the extra flags, spread into `loadline run`'s. */
export const RUN_EXTRA_OPTIONS = {
  monitor: { type: 'string' },
  'monitor-token': { type: 'string' },
  'sample-redis': { type: 'string' },
  'sample-pg': { type: 'string' },
  html: { type: 'string' },
  repeat: { type: 'string' },
} as const;

/** Help lines of the extra flags. */
export const RUN_EXTRA_HELP = `  --html FILE           write the self-contained HTML report (charts, tables; offline)
  --repeat N            run N times back to back; the result is the median run (by p95,
                        as Lighthouse CI does) and keeps every run's summary in "repeats",
                        which 'loadline compare' uses as independent repeats (default 1)
Server correlation:
  --monitor URL         base URL of the target's loadline monitor: samples its event-loop
                        delay, CPU, heap and GC during the run into the result ("server")
  --monitor-token T     bearer token of that monitor (default: LOADLINE_TOKEN); with a query
                        monitor attached to it, the run's query table goes in too ("queries")
  --sample-redis URL    sample Redis INFO every second (ops/s, hit rate, memory, clients,
                        evictions) into the result ("datastores"), e.g. redis://127.0.0.1:6379
  --sample-pg URL       sample PostgreSQL (pg_stat_database, pg_stat_statements) every second,
                        e.g. postgres://user@127.0.0.1:5432/app; credentials are never stored`;

/** Validates the extra flags; every bad value names its flag. */
export function parseRunExtras(values: { monitor?: string; 'monitor-token'?: string; 'sample-redis'?: string; 'sample-pg'?: string; html?: string; repeat?: string }): RunExtras {
  const extras: RunExtras = { repeat: 1 };
  if (values.repeat !== undefined) {
    const n = Number(values.repeat);
    if (!/^\s*\d+\s*$/.test(values.repeat) || n < 1 || n > 100) throw invalidInput({ field: '--repeat', value: values.repeat, expected: 'an integer from 1 to 100' });
    extras.repeat = n;
  }
  if (values.monitor !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(values.monitor);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw invalidInput({ field: '--monitor', value: values.monitor, expected: 'the base URL of a service running the loadline monitor, e.g. http://127.0.0.1:3000' });
    }
    extras.monitor = values.monitor;
  }
  if (values['monitor-token'] !== undefined) {
    if (extras.monitor === undefined) throw invalidInput({ field: '--monitor-token', expected: 'a --monitor URL to use it with' }, 'LOADLINE_USAGE');
    extras.monitorToken = values['monitor-token'];
  }
  // The URLs themselves are checked by the db pillar when sampling starts, before any load (their
  // errors never echo a password); here only that a value was given.
  for (const [flag, key] of [['sample-redis', 'sampleRedis'], ['sample-pg', 'samplePg']] as const) {
    const value = values[flag];
    if (value === undefined) continue;
    if (value.trim() === '') throw invalidInput({ field: `--${flag}`, value, expected: flag === 'sample-redis' ? 'a Redis URL, e.g. redis://127.0.0.1:6379' : 'a PostgreSQL URL, e.g. postgres://127.0.0.1:5432/app' });
    extras[key] = value;
  }
  if (values.html !== undefined) {
    if (values.html === '') throw invalidInput({ field: '--html', value: values.html, expected: 'a file name, e.g. report.html' });
    extras.html = values.html;
  }
  return extras;
}

/** The library's sampling options for the extras; undefined when nothing is sampled. */
export function samplingOf(extras: RunExtras, warn: (line: string) => void): RunSamplingOptions | undefined {
  const datastores = extras.sampleRedis !== undefined || extras.samplePg !== undefined;
  if (extras.monitor === undefined && !datastores) return undefined;
  return {
    ...(extras.monitor !== undefined
      ? { monitor: { source: extras.monitor, warn, tokenHint: '--monitor-token or LOADLINE_TOKEN', ...defined({ token: extras.monitorToken, intervalMs: extras.monitorIntervalMs }) } }
      : {}),
    ...(datastores ? { datastores: { warn, ...defined({ redisUrl: extras.sampleRedis, pgUrl: extras.samplePg, intervalMs: extras.sampleIntervalMs }) } } : {}),
  };
}

/** The flag of each library field a sampling error names: the library names fields, the CLI its flags. */
const SAMPLING_FLAGS: Readonly<Record<string, string>> = { redisUrl: '--sample-redis', pgUrl: '--sample-pg', source: '--monitor', token: '--monitor-token' };

/**
 * Starts the run with the extras through the library (`startRepeated` from loadline/load): N
 * runs back to back, each sampled as the flags ask, resolving with the representative run
 * carrying `repeats`. A sampling error names its flag. Without extras, the run as `startOne`
 * starts it.
 *
 * @example
 * const { handle, repeated } = await withRunExtras({ repeat: 3 }, () => startLoad(options));
 */
export async function withRunExtras(extras: RunExtras, startOne: () => LoadRun | Promise<LoadRun>, warn: (line: string) => void): Promise<{ handle: LoadRun; repeated?: Promise<RepeatedRuns> }> {
  const sampling = samplingOf(extras, warn);
  if (extras.repeat <= 1 && sampling === undefined) return { handle: await startOne() };
  // Repeats and sampling load only when asked for: a plain run does not pay for them.
  const { startRepeated } = await import('../load/repeat/index.js');
  try {
    const handle = await startRepeated(startOne, {
      repeat: extras.repeat,
      ...(sampling !== undefined ? { sampling } : {}),
      ...(extras.announce !== false && extras.repeat > 1 ? { onRepeat: (i: number, n: number) => warn(`loadline: run ${i + 1} of ${n}`) } : {}),
    });
    return { handle, repeated: handle.repeated };
  } catch (err) {
    const flag = isLoadlineError(err) ? SAMPLING_FLAGS[err.details.field ?? ''] : undefined;
    // The library's value is already the URL without credentials.
    if (flag !== undefined && isLoadlineError(err)) throw invalidInput({ field: flag, value: err.details.value, expected: err.details.expected ?? 'a connection URL' });
    throw err;
  }
}

/** Writes the HTML report of a run's result when `--html` asks for it; says where it went instead if that failed. */
export async function writeRunHtml(extras: RunExtras, result: RunResult): Promise<KeptOutput | undefined> {
  if (extras.html === undefined) return undefined;
  const { renderHtmlReport } = await import('../report/index.js');
  return writeOutputOrKeep(extras.html, renderHtmlReport(result), 'loadline-report.html');
}
