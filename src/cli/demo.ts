import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ExitCode, LoadlineError, type RunResult } from '../core/index.js';
import { formatSummary, ProgressPrinter, startLoad, thresholdsPassed, type LoadOptions } from '../load/index.js';
import { renderHtmlReport } from '../report/index.js';
import { startMonitoredDemoTarget } from '../demo/MonitoredDemoTarget.js';
import { serveDemo } from './demoServe.js';
import { withRunExtras } from './runExtras.js';
import { parseCommandArgs } from './args.js';

const HELP = `Usage: loadline demo [--quick] [--out FILE] [--quiet]
       loadline demo --serve [--port N]

Starts loadline's sample target (a JSON API on a free loopback port, with the runtime monitor
attached), runs a short smoke test, a short ramp and an open-model run against it with
thresholds while sampling the target's monitor, prints the summaries, writes the ramp's result
file (default loadline-demo.json) and its HTML report beside it (loadline-demo.html), with the
server's event-loop delay, CPU, heap and GC plotted against client latency, then stops the target.

  --quick      a few seconds in all (for tests)
  --out FILE   where to write the result (default loadline-demo.json in the current directory);
               the HTML report goes beside it, ending in .html
  --quiet      no progress lines
  --serve      keep the sample target running on loopback and print its URLs (API, /metrics,
               /health/ready, the /loadline dashboard) and a ready-to-paste 'loadline run'
               line, until Ctrl-C (SIGINT) or SIGTERM
  --port N     with --serve: the port to listen on (default 3000; 0 picks a free one)`;

interface Phase {
  title: string;
  options: LoadOptions;
}

/** The HTML report's path beside the result file: `x.json` gives `x.html`. */
export function htmlBeside(out: string): string {
  return /\.json$/i.test(out) ? out.replace(/\.json$/i, '.html') : `${out}.html`;
}

/** `loadline demo`: the whole product in under a minute, on an embedded target. */
export default async function demo(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      quick: { type: 'boolean' },
      out: { type: 'string' },
      quiet: { type: 'boolean' },
      serve: { type: 'boolean' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
    { positionals: false },
  );
  if (values.help) {
    console.log(HELP);
    return ExitCode.pass;
  }
  if (values.serve) return serveDemo(values.port);
  if (values.port !== undefined) throw new LoadlineError('LOADLINE_USAGE', `--port: expected --serve with it (the demo run picks a free port)\n\n${HELP}`, { field: '--port', value: values.port });
  const quick = values.quick ?? false;
  const out = resolve(values.out ?? 'loadline-demo.json');
  const html = htmlBeside(out);
  const monitorIntervalMs = quick ? 250 : 1000;
  const target = await startMonitoredDemoTarget({ intervalMs: monitorIntervalMs });
  console.log(`loadline demo: sample target listening on ${target.url} (GET /api/health, /api/users, /api/users/:id, /api/projects)`);
  console.log(`               its runtime monitor: ${target.monitorUrls.metrics}, ${target.monitorUrls.ready}, ${target.monitorUrls.dashboard}\n`);
  const s = quick ? 0.1 : 1;
  // --quick is for tests on busy CI machines: same flow, latency limits with room for a loaded host.
  const ms = (limit: number) => (quick ? limit * 10 : limit);
  const phases: Phase[] = [
    {
      title: `smoke: 5 VUs on /api/health for ${quick ? '0.5' : '5'}s`,
      options: { url: `${target.url}/api/health`, vus: 5, durationMs: 5000 * s, thresholds: ['http_req_failed:rate<0.01', `http_req_duration:p(95)<${ms(50)}`] },
    },
    {
      title: `ramp: /api/users from 0 to 40 VUs, hold, back to 0 (${quick ? '2' : '20'}s)`,
      options: {
        url: `${target.url}/api/users`,
        stages: [
          { durationMs: 5000 * s, target: 40 },
          { durationMs: 10_000 * s, target: 40 },
          { durationMs: 5000 * s, target: 0 },
        ],
        thresholds: [`http_req_duration:p(95)<${ms(100)}`, `http_req_duration:p(99)<${ms(250)}`, 'http_req_failed:rate<0.01', 'http_reqs:count>0'],
      },
    },
    {
      title: `open model: /api/projects at 100/s for ${quick ? '1' : '8'}s`,
      options: { url: `${target.url}/api/projects`, rate: 100, durationMs: quick ? 1000 : 8000, thresholds: [`http_req_duration:p(95)<${ms(150)}`, 'dropped_iterations:count==0'] },
    },
  ];
  let failed = false;
  let interrupted = false;
  let main: RunResult | undefined;
  try {
    for (const phase of phases) {
      console.log(`== ${phase.title}`);
      const run = await withRunExtras({ repeat: 1, monitor: target.url, monitorIntervalMs }, () => startLoad(phase.options));
      const onSigint = () => {
        interrupted = true;
        run.stop('interrupted');
      };
      process.once('SIGINT', onSigint);
      const progress = values.quiet ? undefined : new ProgressPrinter(() => run.progress(), { label: 'demo' });
      progress?.start();
      const result = await run.result;
      progress?.stop();
      process.off('SIGINT', onSigint);
      console.log(`${formatSummary(result)}\n`);
      if (!thresholdsPassed(result.thresholds)) failed = true;
      if (phase === phases[1] || interrupted) main = result;
      if (interrupted) break;
    }
  } finally {
    await target.close();
  }
  if (main) {
    await writeFile(out, `${JSON.stringify(main, null, 2)}\n`);
    await writeFile(html, renderHtmlReport(main, { title: 'loadline demo: ramp on the sample target' }));
    console.log(`result of the ramp written to ${out} (${main.server?.points.length ?? 0} server samples)`);
    console.log(`HTML report written to ${html}`);
  }
  if (interrupted) return ExitCode.interrupted;
  console.log(failed ? 'demo: a threshold failed (exit 99)' : 'demo: every threshold passed');
  return failed ? ExitCode.failed : ExitCode.pass;
}
