import { parseArgs, type ParseArgsConfig } from 'node:util';
import { invalidInput, isLoadlineError, LoadlineError } from '../core/index.js';

type CommandOptions = NonNullable<ParseArgsConfig['options']>;
type CommandArgsConfig<O extends CommandOptions> = { args: string[]; options: O; allowPositionals: boolean; strict: true };

/**
 * Names that users of other load tools type for one of loadline's flags (k6, autocannon, wrk,
 * hey), offered when the flag is unknown and the command has the flag it maps to.
 */
const OTHER_TOOLS: Readonly<Record<string, string>> = {
  iterations: 'amount',
  requests: 'amount',
  number: 'amount',
  users: 'vus',
  concurrency: 'vus',
  rps: 'rate',
  'arrival-rate': 'rate',
  connection: 'connections',
  pipelining: 'pipeline',
  insecure_skip_tls_verify: 'insecure',
  'insecure-skip-tls-verify': 'insecure',
  output: 'out',
  thresholds: 'threshold',
  headers: 'header',
  data: 'body',
  'ramp-up': 'stage',
  stages: 'stage',
  summary: 'json',
};

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours: `--quite`), for "did you mean". */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known flag closest to an unknown one: another tool's name for it, a flag it is a prefix of
 * or that is a prefix of it (`--vu`, `--vusers`), or one within a small edit distance.
 *
 * @example
 * nearestFlag('--iterations', ['amount', 'vus']); // '--amount'
 */
export function nearestFlag(unknown: string, known: readonly string[]): string | undefined {
  const name = unknown.replace(/^-+/, '').replace(/=.*$/, '').toLowerCase();
  if (name.length === 0) return undefined;
  const alias = OTHER_TOOLS[name];
  if (alias !== undefined && known.includes(alias)) return `--${alias}`;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const flag of known) {
    if (flag.length <= 1) continue;
    const prefix = flag.startsWith(name) || name.startsWith(flag);
    const score = prefix && Math.min(flag.length, name.length) >= 2 ? Math.abs(flag.length - name.length) * 0.5 : distance(name, flag);
    if (score < bestScore) {
      bestScore = score;
      best = flag;
    }
  }
  return best !== undefined && bestScore <= Math.max(1, Math.floor(name.length / 3)) + (name.length > 6 ? 1 : 0) ? `--${best}` : undefined;
}

/**
 * Rewrites `node:util` parseArgs's errors in loadline's words: the flag, what was wrong, and the
 * nearest known flag (`unknown option --vu; did you mean --vus?`).
 */
function usageMessage(err: unknown, options: CommandOptions): string {
  const code = (err as { code?: unknown }).code;
  const message = (err as Error).message;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /^Unknown option '([^']+)'/.exec(message)?.[1] ?? '';
    const nearest = nearestFlag(flag, Object.keys(options));
    return `unknown option ${flag}${nearest ? `; did you mean ${nearest}?` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /^Option '(?:-\w, )?(--[\w-]+)/.exec(message)?.[1];
    if (flag && /argument missing/.test(message)) return `${flag}: expected a value after it`;
    if (flag && /does not take an argument/.test(message)) return `${flag}: takes no value (it is a switch)`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument: ${message.replace(/^Unexpected argument '([^']+)'.*$/s, '$1')}`;
  return message;
}

/**
 * `node:util` parseArgs with loadline's usage-error convention: an unknown flag (with the nearest
 * known one) or a missing value becomes a `LOADLINE_USAGE` error carrying the command's help
 * text (exit 2).
 *
 * @example
 * const { values, positionals } = parseCommandArgs(argv, { out: { type: 'string' } }, HELP);
 */
export function parseCommandArgs<O extends CommandOptions>(
  argv: string[],
  options: O,
  usage: string,
  { positionals = true } = {},
): ReturnType<typeof parseArgs<CommandArgsConfig<O>>> {
  try {
    return parseArgs<CommandArgsConfig<O>>({ args: argv, options, allowPositionals: positionals, strict: true });
  } catch (err) {
    throw new LoadlineError('LOADLINE_USAGE', `${usageMessage(err, options)}\n\n${usage}`);
  }
}

/**
 * A library error that names an option field (`scale: got 0`), renamed for the command line with
 * the flag the user typed (`--scale: got 0`); errors of other fields pass through unchanged.
 */
export function namingFlags(err: unknown, flagOfField: Readonly<Record<string, string>>): unknown {
  if (!isLoadlineError(err)) return err;
  const { field, expected } = err.details;
  // `thresholds[2]` is the third `--threshold`: an indexed field takes its list's flag.
  const flag = field === undefined ? undefined : (flagOfField[field] ?? flagOfField[field.replace(/\[\d+\]$/, '')]);
  return flag === undefined || expected === undefined ? err : invalidInput({ ...err.details, field: flag, expected }, err.code);
}

/** `o` without its undefined fields: spread into options whose absent fields take the library's defaults. */
export function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
