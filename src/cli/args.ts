import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LoadlineError } from '../core/index.js';

type CommandOptions = NonNullable<ParseArgsConfig['options']>;
type CommandArgsConfig<O extends CommandOptions> = { args: string[]; options: O; allowPositionals: boolean; strict: true };

/**
 * `node:util` parseArgs with loadline's usage-error convention: an unknown flag or a missing
 * value becomes a `LOADLINE_USAGE` error carrying the command's help text (exit 2).
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
    throw new LoadlineError('LOADLINE_USAGE', `${(err as Error).message}\n\n${usage}`);
  }
}
