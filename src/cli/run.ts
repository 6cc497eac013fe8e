import { ExitCode, invalidInput, isLoadlineError, LoadlineError, parseDuration, parseRate, type ProfileConfig, type RunResult } from '../core/index.js';
import type { LoadOptions, LoadRun, RepeatedRuns } from '../load/index.js';
// The engine's own modules, not loadline/load's index: quick mode loads only what it runs (scenarios,
// worker threads, repeats and the k6/Artillery layer load when a run asks for them).
import { startLoad } from '../load/LoadRun.js';
import { describeProfile, formatSummary } from '../load/output/formatSummary.js';
import { ProgressPrinter } from '../load/output/ProgressPrinter.js';
import { parseThreshold, thresholdsPassed } from '../load/stats/thresholds.js';
import { PROFILE_NAMES, resolveProfile } from '../load/scenario/profiles.js';
import { parseRunExtras, RUN_EXTRA_HELP, RUN_EXTRA_OPTIONS, withRunExtras, writeRunHtml, type RunExtras } from './runExtras.js';
import { namingFlags, parseCommandArgs } from './args.js';
import { parseCount, parseRateOrZero, parseStage } from './loadFlags.js';
import { ownRequestFlag, parseRequestFlags, REQUEST_HELP, REQUEST_OPTIONS } from './requestFlags.js';
import { checkOutputPath, describeKept, writeOutputOrKeep } from './outputPath.js';
import { allFailedWarning, quietVerdict, runHints } from './runVerdict.js';
import { printWarning } from './stderrLines.js';
import { foreignTool, parseForeignArgs, startForeign, withModuleHint, type ForeignRunArgs } from './foreignScenario.js';
import type { CompatRun } from '../compat/index.js';
import { K6_EXIT } from '../compat/k6/exitCodes.js';

const HELP = `Usage: loadline run URL [options]
       loadline run SCENARIO.ts|SCENARIO.yaml [options]
       loadline run K6_SCRIPT.js [k6 flags]          (a module importing k6 or k6/...)
       loadline run ARTILLERY.yml [artillery flags]  (top-level config: and scenarios:)

Sends load to URL: N virtual users looping (closed model, default) or a fixed arrival
rate (open model, --rate), and prints a summary per endpoint. Given a scenario file
instead (docs/scenarios.md), each iteration runs one of its weighted flows: requests,
parallel batches, think time, captures, checks, custom metrics and thresholds.

Scenario:
  --target ORIGIN       origin to load, overriding the scenario's target
  --seed N              seed for flow picks, think times and random rows (reproducible)
Load:
  --profile NAME        named profile (seed 000): smoke (10 VUs, 30s), ramp (0 to 50
                        over 2m), full (300, 5m), stress (500, 3m), spike (100 for 30s,
                        1000 for 1m, 100 for 1m), soak (100, 30m). With --rate R the
                        profile's shape drives arrivals instead (open model), its peak
                        at R: --profile spike --rate 200/s is 20/s, 200/s, then 20/s
  --scale X             multiplies the profile's users (or its rate), never durations
  --workers N           spread VUs or the arrival rate over N worker threads (default 1)
  --vus N               closed: virtual users (default 10); open: most iterations in flight
  -d, --duration D      measured duration, e.g. 30s, 2m (default 10s); with --profile
                        the new total, stretching every stage in proportion
  --rate R              open model at R arrivals, e.g. 200/s, 6000/m (with --profile:
                        the peak arrival rate)
  --stage D:N           repeatable ramp stage: VUs (closed) or rate per second (open, with
                        --rate R as the starting rate; --rate 0 ramps up from nothing)
  -a, --amount N        stop after N requests
  --warmup D            load before measuring, not counted (e.g. 5s)
Request:
${REQUEST_HELP}
  -c, --connections N   keep-alive connections (default: one per VU); alone, in the closed
                        model, also N VUs, as autocannon's -c N
  -p, --pipeline N      requests in flight per connection (default 1; closed model: VUs x N)
  --expect-status LIST  statuses counted as success, e.g. 200,404 or 200-299 (default < 400)
Results:
  --threshold EXPR      repeatable, e.g. 'http_req_duration:p(95)<200', 'http_req_failed:rate<0.01'
  --out FILE            write the result file (JSON, schema/result.v1.json)
  --json                print the summary as JSON on stdout
  --quiet               no progress and no table (failed thresholds still print, on stderr)
${RUN_EXTRA_HELP}

k6 scripts (docs/compat.md) run unchanged:
  --vus N, -d/--duration D, -i/--iterations N, --stage D:VUS   replace the script's schedule, as in k6
  -e KEY=VALUE          repeatable, the script's __ENV
  --out json=FILE       every sample as k6's JSON lines (--out FILE still writes loadline's result)
  --summary-export FILE k6's summary as JSON
  Exit codes as k6: 107 an exception in the init context, setup or teardown; 108 exec.test.abort().
Artillery files (docs/compat.md) run unchanged:
  -e NAME, --environment NAME   use config.environments.NAME
  --overrides JSON      deep-merged over the script (Artillery's flag), e.g. shorter phases
  --target ORIGIN       replaces config.target; --rate R with --duration D or --stage D:RATE
                        replace the phases
  --vus N               most virtual users in flight (default: every phase's maxVusers, or
                        120 s of the peak arrival rate)

Thresholds from the scenario file and --threshold both apply; a 'warn' level threshold
is reported and never fails the run.

Exit codes: 0 pass, 1 an output file could not be written (kept elsewhere, path printed),
2 bad usage or a bad scenario (nothing sent), 99 a threshold failed (also when an abortOnFail
threshold stopped the run, as in k6; the result's status says aborted), 130 interrupted (result
still written).`;

interface RunArgs {
  load: LoadOptions;
  /** A k6 script or an Artillery file, run through the compatibility layer. */
  foreign?: ForeignRunArgs;
  /** Scenario file given instead of a URL. */
  scenario?: string;
  target?: string;
  seed?: number;
  workers: number;
  /** --monitor, --html, --repeat (runExtras.ts). */
  extras: RunExtras;
  out?: string;
  json: boolean;
  quiet: boolean;
  /** The named profile the load comes from; written into the result's `config.profile`. */
  profile?: RunProfile;
}

/** `config.profile` of a run that used `--profile`: which profile, in users or arrivals per second. */
export type RunProfile = ProfileConfig;

function parseStatuses(values: string[]): number[] | undefined {
  if (values.length === 0) return undefined;
  const out: number[] = [];
  for (const v of values.flatMap((x) => x.split(','))) {
    const m = /^\s*([1-5]\d\d)(?:\s*-\s*([1-5]\d\d))?\s*$/.exec(v);
    if (!m || (m[2] && Number(m[2]) < Number(m[1]))) throw invalidInput({ field: '--expect-status', value: v, expected: 'HTTP statuses such as 200,201 or a range such as 200-299' });
    for (let s = Number(m[1]); s <= Number(m[2] ?? m[1]); s++) out.push(s);
  }
  return out;
}

const SCENARIO_FILE = /\.(?:[cm]?[jt]s|ya?ml|json)$/i;

/** Parses `loadline run` arguments into load options; every bad value names its flag. */
export function parseRunArgs(argv: string[]): RunArgs | 'help' {
  const parsed = parseCommandArgs(
    argv,
    {
      vus: { type: 'string' },
      duration: { type: 'string', short: 'd' },
      rate: { type: 'string' },
      stage: { type: 'string', multiple: true },
      amount: { type: 'string', short: 'a' },
      warmup: { type: 'string' },
      ...REQUEST_OPTIONS,
      connections: { type: 'string', short: 'c' },
      pipeline: { type: 'string', short: 'p' },
      'expect-status': { type: 'string', multiple: true },
      threshold: { type: 'string', multiple: true },
      out: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      target: { type: 'string' },
      seed: { type: 'string' },
      profile: { type: 'string' },
      scale: { type: 'string' },
      workers: { type: 'string' },
      iterations: { type: 'string', short: 'i' },
      env: { type: 'string', multiple: true, short: 'e' },
      environment: { type: 'string' },
      overrides: { type: 'string' },
      'summary-export': { type: 'string' },
      ...RUN_EXTRA_OPTIONS,
    },
    HELP,
  );
  const v = parsed.values;
  if (v.help) return 'help';
  const [url, ...extra] = parsed.positionals;
  if (url === undefined) throw new LoadlineError('LOADLINE_USAGE', `missing URL or scenario file\n\n${HELP}`);
  if (extra.length) throw invalidInput({ field: 'URL', value: extra.join(' '), expected: 'exactly one target URL or scenario file' }, 'LOADLINE_USAGE');
  const scenario = SCENARIO_FILE.test(url) && !/^[a-z]+:\/\//i.test(url) ? url : undefined;
  if (scenario === undefined) {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw invalidInput({ field: 'URL', value: url, expected: 'an absolute http:// or https:// URL, e.g. http://127.0.0.1:3000/api/users, or a scenario file ending in .ts, .js or .yaml' });
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw invalidInput({ field: 'URL', value: url, expected: 'an http:// or https:// URL' });
    if (v.target !== undefined) throw invalidInput({ field: '--target', value: v.target, expected: 'a scenario file as the first argument (with a URL, the URL is the target)' }, 'LOADLINE_USAGE');
  } else {
    const found = foreignTool(scenario);
    if (found !== undefined) {
      const foreign = parseForeignArgs(scenario, found, v as Record<string, string | boolean | string[] | undefined>);
      const own = (v.out ?? []).filter((o) => !/^[a-z-]+=/.test(o));
      if (own.length > 1) throw invalidInput({ field: '--out', value: own, expected: "one result file (k6's outputs are --out json=FILE)" }, 'LOADLINE_USAGE');
      const out = own[0];
      return { load: { url: scenario, ...(v.insecure ? { insecure: true } : {}) }, foreign, scenario, workers: 1, extras: parseRunExtras(v), out, json: v.json ?? false, quiet: v.quiet ?? false };
    }
    const ownRequest = ownRequestFlag(v);
    if (ownRequest) throw invalidInput({ field: ownRequest, expected: 'a URL as the first argument (a scenario file sets its own requests)' }, 'LOADLINE_USAGE');
  }

  for (const flag of ['env', 'environment', 'overrides', 'summary-export'] as const) {
    if (v[flag] !== undefined) throw invalidInput({ field: flag === 'env' ? '-e' : `--${flag}`, value: v[flag], expected: 'a k6 script or an Artillery file as the first argument (loadline scenarios read $env in templates)' }, 'LOADLINE_USAGE');
  }
  if (v.iterations !== undefined) {
    // k6's --iterations counts iterations, as --amount does (one request each for a URL).
    if (v.amount !== undefined) throw invalidInput({ field: '--iterations', value: v.iterations, expected: 'either --iterations or --amount, not both' }, 'LOADLINE_USAGE');
    v.amount = v.iterations;
  }
  const open = v.rate !== undefined;
  const load: LoadOptions = { url };
  if (v.rate !== undefined) {
    load.model = 'open';
    // `--rate 0` with stages ramps the open model up from nothing.
    if (!(v.stage?.length && parseRateOrZero(v.rate) === 0)) load.rate = parseRate(v.rate, '--rate');
  }
  load.vus = parseCount(v.vus, '--vus', 1);
  // autocannon's `-d 10` counts seconds, k6's durations carry a unit: a bare number is neither guessed nor taken as ms.
  if (v.duration !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(v.duration)) throw invalidInput({ field: '--duration', value: v.duration, expected: `a duration with a unit, e.g. ${v.duration.trim()}s (autocannon's -d counts seconds)` });
  if (v.duration !== undefined) load.durationMs = parseDuration(v.duration, '--duration');
  if (load.durationMs === 0) throw invalidInput({ field: '--duration', value: v.duration, expected: 'a duration above 0, such as 30s' });
  let profile: RunProfile | undefined;
  if (v.profile !== undefined) {
    // With --rate the profile drives arrivals (its peak at the rate); --vus then caps iterations in flight.
    for (const flag of open ? (['stage', 'amount'] as const) : (['stage', 'vus', 'amount'] as const)) {
      if (v[flag] !== undefined) throw invalidInput({ field: `--${flag}`, value: v[flag], expected: `either --profile or --${flag}, not both (the profile sets the load)` }, 'LOADLINE_USAGE');
    }
    const scale = v.scale === undefined ? undefined : Number(v.scale);
    if (scale !== undefined && !(scale > 0)) throw invalidInput({ field: '--scale', value: v.scale, expected: 'a number above 0, e.g. 0.1 or 2' });
    const unit = open ? 'rate' : 'users';
    let p: ReturnType<typeof resolveProfile>;
    try {
      p = resolveProfile(v.profile, { scale, durationMs: load.durationMs, unit, peak: open ? load.rate : undefined });
    } catch (err) {
      throw namingFlags(err, { profile: '--profile', scale: '--scale', durationMs: '--duration', peak: open ? '--rate' : '--vus' });
    }
    delete load.durationMs;
    if (open) {
      if (p.start > 0) load.rate = p.start;
      else delete load.rate;
    } else load.vus = p.start;
    load.stages = p.stages;
    profile = { name: p.name, unit, peak: p.peak, scale: scale ?? 1 };
  } else if (v.scale !== undefined) {
    throw invalidInput({ field: '--scale', value: v.scale, expected: `a --profile to scale (${PROFILE_NAMES.join(', ')})` }, 'LOADLINE_USAGE');
  }
  if (v.stage?.length) {
    if (v.duration !== undefined) throw invalidInput({ field: '--duration', value: v.duration, expected: 'either --duration or --stage, not both (the stages set the duration)' }, 'LOADLINE_USAGE');
    load.stages = v.stage.map((s) => parseStage(s, open));
  }
  load.amount = parseCount(v.amount, '--amount', 1);
  if (v.warmup !== undefined) load.warmupMs = parseDuration(v.warmup, '--warmup');
  Object.assign(load, parseRequestFlags(v));
  load.connections = parseCount(v.connections, '--connections', 1);
  // autocannon's `-c 100` means 100 concurrent connections, each a closed loop: 100 VUs, not 10 on 100 sockets.
  if (load.connections !== undefined && v.vus === undefined && !open && profile === undefined && !v.stage?.length) load.vus = load.connections;
  load.pipelining = parseCount(v.pipeline, '--pipeline', 1);
  load.expectStatus = parseStatuses(v['expect-status'] ?? []);
  // A scenario's custom metrics are known once it is loaded; its thresholds are parsed then.
  load.thresholds = scenario === undefined ? (v.threshold ?? []).map((t) => parseThreshold(t, { field: '--threshold' })) : v.threshold ?? [];
  for (const key of Object.keys(load) as (keyof LoadOptions)[]) if (load[key] === undefined) delete load[key];
  const workers = parseCount(v.workers, '--workers', 1) ?? 1;
  if (workers > 256) throw invalidInput({ field: '--workers', value: v.workers, expected: 'at most 256 worker threads' });
  const seed = parseCount(v.seed, '--seed', 0);
  if ((v.out?.length ?? 0) > 1) throw invalidInput({ field: '--out', value: v.out, expected: 'one result file' }, 'LOADLINE_USAGE');
  const args: RunArgs = { load, workers, extras: parseRunExtras(v), out: v.out?.[0], json: v.json ?? false, quiet: v.quiet ?? false };
  if (scenario !== undefined) args.scenario = scenario;
  if (profile !== undefined) args.profile = profile;
  if (v.target !== undefined) args.target = v.target;
  if (seed !== undefined) args.seed = seed;
  return args;
}

/** What each progress line starts with: `loadline`, then the profile and its unit when one drives the load. */
export function progressLabel(profile: RunProfile | undefined): string {
  return profile ? `loadline ${describeProfile(profile)}` : 'loadline';
}

/** Columns the summary fits: the terminal's, else `COLUMNS`, else 80 (CI logs, pipes). */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  if (stream.isTTY && stream.columns) return stream.columns;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env >= 40 ? env : 80;
}

/** The exit code a result calls for. */
export function exitCodeOf(result: RunResult): number {
  if (result.status === 'interrupted') return ExitCode.interrupted;
  // k6 exits 99 for every crossed threshold, abortOnFail or not (its 105 is an external abort), so pipelines check one code.
  if (result.status === 'aborted') return ExitCode.failed;
  return thresholdsPassed(result.thresholds) ? ExitCode.pass : ExitCode.failed;
}

/** Starts the run the arguments ask for: quick mode or a scenario, in this thread or in workers. */
async function start(args: RunArgs, onForeign: (run: CompatRun) => void): Promise<LoadRun> {
  if (args.foreign !== undefined) {
    const run = await startForeign(args.foreign);
    onForeign(run);
    return run;
  }
  const { load, scenario, target, seed, workers } = args;
  const thresholds = (load.thresholds ?? []).map((t) => (typeof t === 'string' ? t : t.expression.source));
  if (workers > 1) {
    const { scenario: _name, iteration: _iteration, metricSources: _sources, clock: _clock, onIntervalHistogram: _h, onEnd: _end, ...plain } = load;
    const { startWorkers } = await import('../load/workers/startWorkers.js');
    return startWorkers({ ...plain, thresholds, workers, ...(scenario !== undefined ? { url: undefined, scenario: { file: scenario, target, seed } } : {}) });
  }
  if (scenario === undefined) return startLoad(load);
  const { startScenario } = await import('../load/ScenarioRun.js');
  return startScenario({ ...load, thresholds, thresholdField: '--threshold', scenario, target, seed });
}

/** `loadline run URL|SCENARIO [options]` */
export default async function run(argv: string[]): Promise<number> {
  const args = parseRunArgs(argv);
  if (args === 'help') {
    console.log(HELP);
    return ExitCode.pass;
  }
  checkOutputPath(args.out, '--out');
  checkOutputPath(args.extras.html, '--html');
  let compat: CompatRun | undefined;
  let handle: LoadRun;
  let repeated: Promise<RepeatedRuns> | undefined;
  try {
    ({ handle, repeated } = await withRunExtras(args.extras, () => start(args, (r) => (compat = r)), printWarning).catch((err: unknown) => {
      throw args.scenario === undefined ? err : withModuleHint(err, args.scenario);
    }));
  } catch (err) {
    if (isLoadlineError(err, 'LOADLINE_SCRIPT_ERROR')) {
      console.error(`loadline run: ${err.message}`);
      return K6_EXIT.scriptError;
    }
    throw err;
  }
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(ExitCode.interrupted);
    if (!args.quiet) process.stderr.write('\nloadline: interrupted, finishing in-flight requests and writing the result (Ctrl-C again to quit now)\n');
    handle.stop('interrupted');
  };
  process.on('SIGINT', onSigint);
  const progress = args.quiet ? undefined : new ProgressPrinter(() => handle.progress(), { label: args.foreign ? `loadline ${args.foreign.tool}` : progressLabel(args.profile) });
  progress?.start();
  let result: RunResult;
  let runs: RepeatedRuns | undefined;
  try {
    result = await handle.result;
    runs = args.extras.repeat > 1 ? await repeated : undefined;
  } catch (err) {
    if (isLoadlineError(err, 'LOADLINE_SCRIPT_ERROR')) {
      console.error(`loadline run: ${err.message}`);
      return K6_EXIT.scriptError;
    }
    throw err;
  } finally {
    progress?.stop();
    process.off('SIGINT', onSigint);
  }
  if (args.profile) result.config.profile = args.profile;
  // A write that fails now (the paths were checked before the load) keeps the content elsewhere
  // and is reported after the summary, never instead of it.
  const outKept = args.out ? await writeOutputOrKeep(args.out, `${JSON.stringify(result, null, 2)}\n`, 'loadline-result.json') : undefined;
  const htmlKept = await writeRunHtml(args.extras, result);
  if (args.json) console.log(JSON.stringify({ status: result.status, summary: result.summary, thresholds: result.thresholds }, null, 2));
  else if (!args.quiet) {
    // As in k6, a handleSummary() that returns stdout replaces the summary.
    const replaced = (compat as CompatRun | undefined)?.plan.summaryText;
    if (replaced !== undefined) process.stdout.write(replaced);
    else console.log(formatSummary(result, { width: terminalWidth() }));
    if (runs) console.log(`Repeats: ${(await import('../load/repeat/runRepeated.js')).formatRepeatSpread(runs)}`);
    for (const hint of runHints(result, { insecure: args.load.insecure === true })) console.log(hint);
    if (args.out && !outKept) console.log(`result written to ${args.out}`);
    if (args.extras.html && !htmlKept) console.log(`HTML report written to ${args.extras.html}`);
  } else for (const line of quietVerdict(result)) console.error(line);
  const warning = allFailedWarning(result);
  if (warning) printWarning(warning);
  if (outKept) printWarning(describeKept(outKept, '--out'));
  if (htmlKept) printWarning(describeKept(htmlKept, '--html'));
  const code = (compat as CompatRun | undefined)?.plan.exitCode ?? exitCodeOf(result);
  return code === ExitCode.pass && (outKept || htmlKept) ? ExitCode.outputFailed : code;
}
