import { invalidInput, LoadlineError, parseDuration, parseRate } from '../core/index.js';
import type { ArtilleryRunOptions, CompatPlan, CompatRun, ForeignScript, K6RunOptions, ScenarioSetRunOptions } from '../compat/index.js';
import { detectForeignFile, detectScenarioSet } from '../compat/detect.js';
import { namingFlags } from './args.js';
import { parseCount, parseStage } from './loadFlags.js';

/** The compat run options' fields as `loadline run`'s flags: the library names fields, the user typed flags. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = { vus: '--vus', thresholds: '--threshold', jsonOut: '--out', durationMs: '--duration', iterations: '--iterations', stages: '--stage', timeoutMs: '--timeout' };

/** Values of `loadline run`'s flags, as parseArgs gives them. */
export interface RunFlagValues {
  [flag: string]: string | boolean | string[] | undefined;
}

/** A k6 script or Artillery file given to `loadline run`, with the options its flags give. */
export type ForeignRunArgs = { tool: 'k6'; file: string; options: K6RunOptions } | { tool: 'artillery'; file: string; options: ArtilleryRunOptions } | { tool: 'scenarios'; file: string; options: ScenarioSetRunOptions };

/** Flags each tool's scripts take (besides the output flags every run takes). */
const K6_FLAGS = ['vus', 'duration', 'iterations', 'stage', 'env', 'threshold', 'insecure', 'summary-export'];
const ARTILLERY_FLAGS = ['env', 'environment', 'overrides', 'target', 'rate', 'duration', 'stage', 'vus', 'threshold', 'insecure', 'timeout', 'seed'];
/** A loadline scenario set sets its own schedules: only where requests go, the environment and extra thresholds come from flags. */
const SET_FLAGS = ['env', 'target', 'threshold', 'insecure'];
const COMMON_FLAGS = ['out', 'json', 'quiet', 'help', 'html', 'repeat', 'monitor', 'monitor-token'];

/** Recognizes a k6 script, an Artillery file or a loadline scenario set among scenario files (see `detectForeignScript`, `detectScenarioSet`). */
export function foreignTool(file: string): ForeignScript | undefined {
  return detectForeignFile(file) ?? detectScenarioSet(file);
}

/**
 * Maps `loadline run`'s flags onto a k6 script's options (k6's own flags: `--vus`, `--duration`,
 * `--iterations`, `--stage D:VUS`, `-e KEY=VALUE`, `--summary-export`, `--out json=FILE`) or an
 * Artillery file's (`-e NAME`/`--environment`, `--overrides JSON`, `--target`, and loadline's
 * `--rate`, `--duration`, `--stage D:RATE` replacing the phases); a flag the tool's scripts do
 * not take is a usage error naming it.
 */
export function parseForeignArgs(file: string, found: ForeignScript, v: RunFlagValues): ForeignRunArgs {
  const allowed = found.tool === 'k6' ? K6_FLAGS : found.tool === 'scenarios' ? SET_FLAGS : ARTILLERY_FLAGS;
  for (const [flag, value] of Object.entries(v)) {
    if (value === undefined || allowed.includes(flag) || COMMON_FLAGS.includes(flag)) continue;
    if (flag === 'amount' && found.tool === 'k6') throw invalidInput({ field: '--amount', value, expected: 'k6\'s --iterations for a k6 script' }, 'LOADLINE_USAGE');
    throw invalidInput({ field: `--${flag}`, value, expected: `flags a${found.tool === 'k6' ? ' k6 script' : found.tool === 'scenarios' ? ' scenario set (it sets its own schedules)' : 'n Artillery file'} takes: ${[...allowed, ...COMMON_FLAGS.filter((f) => f !== 'help')].map((f) => `--${f}`).join(', ')}` }, 'LOADLINE_USAGE');
  }
  const str = (flag: string) => (typeof v[flag] === 'string' ? (v[flag] as string) : undefined);
  const list = (flag: string) => (Array.isArray(v[flag]) ? (v[flag] as string[]) : []);
  const thresholds = list('threshold');
  if (found.tool === 'scenarios') {
    const options: ScenarioSetRunOptions = {};
    const env = envPairs(list('env'));
    if (Object.keys(env).length) options.env = env;
    if (str('target') !== undefined) options.target = str('target')!;
    if (thresholds.length) options.thresholds = thresholds;
    if (v.insecure === true) options.insecure = true;
    return { tool: 'scenarios', file, options };
  }
  if (found.tool === 'k6') {
    const options: K6RunOptions = {};
    const vus = parseCount(str('vus'), '--vus', 1);
    if (vus !== undefined) options.vus = vus;
    if (str('duration') !== undefined) options.durationMs = duration(str('duration')!, '--duration');
    const iterations = parseCount(str('iterations'), '--iterations', 1);
    if (iterations !== undefined) options.iterations = iterations;
    const stages = list('stage').map((s) => parseStage(s, false));
    if (stages.length) options.stages = stages;
    const env = envPairs(list('env'));
    if (Object.keys(env).length) options.env = env;
    if (thresholds.length) options.thresholds = thresholds;
    if (v.insecure === true) options.insecure = true;
    if (str('summary-export') !== undefined) options.summaryExport = str('summary-export')!;
    const out: ForeignRunArgs = { tool: 'k6', file, options };
    for (const o of list('out')) {
      if (!/^[a-z-]+=/.test(o)) continue;
      if (!o.startsWith('json=')) throw invalidInput({ field: '--out', value: o, expected: "json=FILE (k6's JSON output) or a file for loadline's result" }, 'LOADLINE_USAGE');
      options.jsonOut = o.slice(5);
    }
    return out;
  }
  const options: ArtilleryRunOptions = {};
  const envs = list('env');
  if (envs.length > 1) throw invalidInput({ field: '-e', value: envs, expected: 'one environment name (Artillery\'s -e NAME)' }, 'LOADLINE_USAGE');
  const environment = str('environment') ?? envs[0];
  if (environment !== undefined) options.environment = environment;
  if (str('overrides') !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(str('overrides')!);
    } catch (err) {
      throw invalidInput({ field: '--overrides', value: str('overrides'), expected: `a JSON object (${(err as Error).message})` }, 'LOADLINE_USAGE');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidInput({ field: '--overrides', value: str('overrides'), expected: 'a JSON object, e.g. \'{"config":{"phases":[{"duration":10,"arrivalRate":5}]}}\'' }, 'LOADLINE_USAGE');
    options.overrides = parsed as Record<string, unknown>;
  }
  if (str('target') !== undefined) options.target = str('target')!;
  if (str('rate') !== undefined) options.rate = parseRate(str('rate')!, '--rate');
  if (str('duration') !== undefined) options.durationMs = duration(str('duration')!, '--duration');
  const stages = list('stage').map((s) => parseStage(s, true));
  if (stages.length) options.stages = stages;
  if ((options.durationMs !== undefined || options.stages) && options.rate === undefined && !options.stages) throw invalidInput({ field: '--duration', value: str('duration'), expected: "--rate with it (an Artillery file's phases set the arrivals; --rate and --duration replace them)" }, 'LOADLINE_USAGE');
  const vus = parseCount(str('vus'), '--vus', 1);
  if (vus !== undefined) options.vus = vus;
  if (str('timeout') !== undefined) options.timeoutMs = duration(str('timeout')!, '--timeout');
  if (v.insecure === true) options.insecure = true;
  if (thresholds.length) options.thresholds = thresholds;
  const seed = parseCount(str('seed'), '--seed', 0);
  if (seed !== undefined) options.seed = seed;
  return { tool: 'artillery', file, options };
}

/** Plans and starts a k6 script or an Artillery file on loadline's engine. */
export async function startForeign(args: ForeignRunArgs): Promise<CompatRun> {
  // The compatibility layer loads only when a k6 script or an Artillery file is run.
  const { planArtillery, planK6, planScenarioSet, startCompat } = await import('../compat/index.js');
  try {
    const plan: CompatPlan = args.tool === 'k6' ? await planK6(args.file, args.options) : args.tool === 'scenarios' ? await planScenarioSet(args.file, args.options) : await planArtillery(args.file, args.options);
    return await startCompat(plan);
  } catch (err) {
    throw namingFlags(err, FLAG_OF_FIELD);
  }
}

function envPairs(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw invalidInput({ field: '-e', value: pair, expected: 'KEY=VALUE, as k6 takes it' }, 'LOADLINE_USAGE');
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

function duration(text: string, field: string): number {
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) throw invalidInput({ field, value: text, expected: `a duration with a unit, e.g. ${text.trim()}s` });
  const ms = parseDuration(text, field);
  if (ms <= 0) throw invalidInput({ field, value: text, expected: 'a duration above 0, such as 30s' });
  return ms;
}

/** A scenario's `import 'loadline/load'` that Node could not resolve from the scenario's folder. */
const MISSING_LOADLINE = /Cannot find (?:module|package) '(loadline(?:\/[\w-]+)?)'/;

/**
 * Adds how to fix it to a scenario load error caused by `loadline` not being installed where the
 * scenario lives (Node resolves a module's imports from its own folder upward, not from the CLI).
 */
export function withModuleHint(err: unknown, file: string): unknown {
  const message = err instanceof Error ? err.message : '';
  const m = MISSING_LOADLINE.exec(message);
  if (m === null) return err;
  const hint = `\nhint: ${file} imports '${m[1]}', and Node resolves a module's imports from the module's own folder upward (its node_modules), not from the loadline you ran. Install loadline in the scenario's project (npm install --save-dev loadline), or move the scenario into a project that has it; a YAML scenario needs no import.`;
  return err instanceof LoadlineError ? new LoadlineError(err.code, `${err.message}${hint}`, err.details, { cause: err }) : new LoadlineError('LOADLINE_INVALID_FILE', `${message}${hint}`, { file }, { cause: err });
}
