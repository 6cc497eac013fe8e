#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { ExitCode, isLoadlineError } from '../core/index.js';

/** A CLI command: takes its own arguments, returns the process exit code. */
export type Command = (argv: string[]) => Promise<number>;

/**
 * Each command lives in its own module under src/cli/ and is loaded only when used, so
 * `loadline run` never pays for the report or dashboard code.
 */
const commands: Record<string, { summary: string; load: () => Promise<{ default: Command }> }> = {
  run: { summary: 'send load to a URL (closed VUs or open arrival rate) and summarize', load: () => import('./run.js') },
  find: { summary: 'capacity search: the max sustainable load and breaking point under SLOs (also spike recovery, soak drift)', load: () => import('./find.js') },
  demo: { summary: 'the reference forum, naive then optimized: both load lines, why the naive one breaks, the gain', load: () => import('./demo.js') },
  forum: { summary: 'start the reference service (seed 003\'s forum and wiki, naive or optimized, each fix switchable)', load: () => import('./forum.js') },
  dashboard: { summary: 'serve the live dashboard of a service running the loadline monitor', load: () => import('./dashboard.js') },
  report: { summary: 'render a result file as a self-contained HTML report', load: () => import('./report.js') },
  compare: { summary: 'regression gate: compare baseline and current results with confidence intervals', load: () => import('./compare.js') },
  budget: { summary: 'check bundle, API and Lighthouse budgets from loadline.budget.json/.yaml', load: () => import('./budget.js') },
};

export const version: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'loadline: find how much load a Node.js service takes, why it breaks, and what raises the limit.',
    '',
    'Usage: loadline <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `loadline <command> --help` for the options of one command.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? ExitCode.usage : ExitCode.pass;
  }
  if (name === '--version' || name === '-v') {
    console.log(version);
    return ExitCode.pass;
  }
  const command = commands[name];
  if (!command) {
    console.error(`loadline: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return ExitCode.usage;
  }
  try {
    const { default: run } = await command.load();
    return await run(rest);
  } catch (err) {
    if (isLoadlineError(err)) {
      console.error(`loadline ${name}: ${err.message}`);
      return ExitCode.usage;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
