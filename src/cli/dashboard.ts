import { parseArgs } from 'node:util';
import { ExitCode, invalidInput, LoadlineError, parseDuration } from '../core/index.js';
import { namingFlags } from './args.js';
import { serveDashboard } from '../monitor/index.js';

const HELP = `Usage: loadline dashboard --target URL [options]

Serves the live dashboard of a service running the loadline monitor on this machine, forwarding
its data from the target (the token stays here, never in the browser). Stops on Ctrl-C.

Options:
  --target URL    base URL of the service, e.g. http://127.0.0.1:3000 (required)
  --token T       the target monitor's token (default: LOADLINE_TOKEN)
  --port N        local port (default 0: any free port)
  --host H        local interface (default 127.0.0.1)
  --for D         stop after D milliseconds or a duration such as 30s (default: run until Ctrl-C)

Exit codes: 0 stopped, 2 bad usage.`;

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        target: { type: 'string' },
        token: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        for: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new LoadlineError('LOADLINE_USAGE', `${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
  }
}

/** serveDashboard's option fields as this command's flags: the library names fields, the user typed flags. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = { target: '--target', token: '--token', port: '--port', host: '--host' };

/** `loadline dashboard --target URL`: the live dashboard of a remote monitor, served on loopback. */
export default async function dashboard(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args.help) {
    console.log(HELP);
    return ExitCode.pass;
  }
  if (args.target === undefined) throw invalidInput({ field: '--target', expected: 'the base URL of a service running the loadline monitor, e.g. --target http://127.0.0.1:3000' });
  const port = args.port === undefined ? 0 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalidInput({ field: '--port', value: args.port, expected: 'a port number from 0 to 65535' });
  let forMs: number | undefined;
  if (args.for !== undefined) {
    forMs = /^\d+$/.test(args.for) ? Number(args.for) : parseDuration(args.for, '--for');
  }
  const served = await serveDashboard({ target: args.target, port, ...(args.token !== undefined ? { token: args.token } : {}), ...(args.host !== undefined ? { host: args.host } : {}) }).catch((err: unknown) => {
    throw namingFlags(err, FLAG_OF_FIELD);
  });
  console.log(`loadline dashboard: ${served.url}/loadline  (target ${args.target})`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (forMs !== undefined) setTimeout(stop, forMs).unref();
  });
  await served.close();
  return ExitCode.pass;
}
