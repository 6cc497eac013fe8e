import { rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ExitCode, invalidInput } from '../core/index.js';
import { beforeAfterRows, formatBeforeAfter, formatDiagnosis, renderDemoHtml, runForumDemo, type DemoEvent, type DemoReport } from '../demo/index.js';
import { parseCommandArgs } from './args.js';
import { serveDemo } from './demoServe.js';
import { checkOutputPath, describeKept, writeOutputOrKeep } from './outputPath.js';

const HELP = `Usage: loadline demo [--quick] [--out FILE] [--scale X] [--quiet]
       loadline demo --serve [--port N] [--mode naive|optimized]

The whole loop on a reference service, seed 003's forum and wiki API on SQLite, with nothing
to install: starts the naive service in its own process, finds its load line (loadline find)
under seed 003's SLOs (p95 under 127 ms, errors under 1 %) on a forum's traffic, prints why it
breaks from the service's own instruments (N+1 statements with their calling line, full scans
with an index hint, event-loop delay during logins, where the time goes), then starts the
optimized service and finds its load line the same way. Ends with seed 003's before/after
table, writes loadline-demo.json (naive.maxSustainable, optimized.maxSustainable, gain) and
loadline-demo.html (both ladders side by side and the diagnosis). About 3 minutes; Ctrl-C stops
both services and keeps what was measured.

  --quick      short holds and searches: the same steps in about half a minute (tests)
  --out FILE   where to write the JSON (default loadline-demo.json); the HTML report goes
               beside it, ending in .html
  --scale X    forum data volume (default 1: 2,000 users, 5,000 topics, 100,000 posts)
  --quiet      no line per search step
  --serve      keep the forum running on loopback with its instruments and print its URLs and
               a ready-to-paste 'loadline find' line, until Ctrl-C (SIGINT) or SIGTERM
  --port N     with --serve: the port to listen on (default 3000; 0 picks a free one)
  --mode M     with --serve: naive (default) or optimized`;

/** The HTML report's path beside the result file: `x.json` gives `x.html`. */
export function htmlBeside(out: string): string {
  return /\.json$/i.test(out) ? out.replace(/\.json$/i, '.html') : `${out}.html`;
}

const rate = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : String(Math.round(v * 10) / 10));
const ms = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v >= 10 ? v.toFixed(1) : v.toFixed(2));

function printer(quiet: boolean): (event: DemoEvent) => void {
  return (e) => {
    switch (e.type) {
      case 'service-started': {
        const v = e.volumes;
        console.log(`\n== ${e.mode} service: ${e.url} (pid ${e.pid}), ${v.users.toLocaleString('en-US')} users, ${v.topics.toLocaleString('en-US')} topics, ${v.posts.toLocaleString('en-US')} posts, ${v.wikiPages.toLocaleString('en-US')} wiki pages seeded in ${(e.seedMs / 1000).toFixed(1)} s`);
        if (e.dashboard) console.log(`   its live dashboard while it runs: ${e.dashboard} (token: LOADLINE_TOKEN)`);
        break;
      }
      case 'search-started':
        console.log(`   find: its load line under ${e.slos.join(', ')} (budget ${Math.round(e.budgetMs / 1000)} s)`);
        break;
      case 'step': {
        const s = e.step;
        if (quiet) break;
        const cpu = s.cpuPercent === undefined ? '' : `  service CPU ${s.cpuPercent.toFixed(0)} %`;
        console.log(`   ${s.phase.padEnd(6)} ${rate(s.offered).padStart(6)}/s  achieved ${rate(s.achieved).padStart(6)}/s  p95 ${ms(s.p95Ms).padStart(6)} ms  p99 ${ms(s.p99Ms).padStart(6)} ms  errors ${(s.errorRate * 100).toFixed(2)} %${cpu}  ${s.ok ? 'met' : `missed${s.broken ? ' (broken)' : ''}`}`);
        break;
      }
      case 'search-done': {
        const c = e.capacity;
        const max = c.maxSustainable ? `${c.maxSustainable.atLeast ? 'at least ' : ''}${rate(c.maxSustainable.rate)}/s${c.maxSustainable.below ? ` (${rate(c.maxSustainable.below)}/s missed)` : ''}` : 'none (no step met the SLOs)';
        console.log(`   max sustainable: ${max}; breaking point: ${c.breakingPoint ? `${rate(c.breakingPoint.rate)}/s (${c.breakingPoint.reason})` : 'not reached'}; ${Math.round(c.elapsedMs / 1000)} s`);
        if (c.caveat) console.log(`   caveat: ${c.caveat}`);
        break;
      }
      case 'diagnosis':
        console.log(e.mode === 'naive' ? '\n   Why it breaks, from its own instruments (query monitor, runtime monitor):' : '\n   What its instruments show now:');
        console.log(formatDiagnosis(e.diagnosis, '   '));
        break;
      case 'diagnosis-failed':
        console.error(`\nloadline demo: the ${e.mode} service's instruments did not answer, no diagnosis: ${e.reason}`);
        break;
      case 'compare-hold': {
        const a = e.atRate;
        const where = e.mode === 'naive' ? `at its max, ${rate(a.rate)}/s (the search's step)` : `held at ${rate(a.rate)}/s (the naive service's max)`;
        console.log(`\n   ${where}: p95 ${ms(a.p95Ms)} ms, errors ${(a.errorRate * 100).toFixed(2)} %${a.errorsByKind ? ` (${Object.entries(a.errorsByKind).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}, event-loop p99 ${a.eventLoopP99Ms === undefined ? 'n/a' : `${ms(a.eventLoopP99Ms)} ms`}, RSS ${a.rssBytes === undefined ? 'n/a' : `${Math.round(a.rssBytes / 1e6)} MB`}`);
        break;
      }
      case 'service-stopped':
        console.log(`   ${e.mode} service stopped`);
        break;
    }
  };
}

/** Writes every file next to its final path first, then renames them all: a failure leaves no half-written output. */
async function writeAll(files: ReadonlyArray<{ path: string; content: string }>): Promise<string[]> {
  const temps = files.map((f) => `${f.path}.tmp-${process.pid}`);
  try {
    await Promise.all(files.map((f, i) => writeFile(temps[i]!, f.content)));
    for (let i = 0; i < files.length; i++) await rename(temps[i]!, files[i]!.path);
    return [];
  } catch {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    const kept: string[] = [];
    for (const f of files) {
      const k = await writeOutputOrKeep(f.path, f.content, `loadline-demo-${f.path.split('/').at(-1)}`);
      if (k) kept.push(describeKept(k, '--out'));
    }
    return kept;
  }
}

function summary(report: DemoReport): string {
  const lines = ['', formatBeforeAfter(report), ''];
  const [max, p95] = beforeAfterRows(report);
  if (report.gain !== null) {
    lines.push(`loadline demo: the optimized service sustains ${max!.improvement} the naive service's rate (${max!.naive} -> ${max!.optimized})${report.p95Gain !== null ? `; its p95 at the naive service's max is ${p95!.improvement} lower (${p95!.naive} -> ${p95!.optimized})` : ''}.`);
  }
  if (report.interrupted) lines.push('loadline demo: interrupted; what was measured before is kept.');
  return lines.join('\n');
}

/** `loadline demo`: the reference forum, naive and optimized: both load lines, why the naive one breaks, the gain. */
export default async function demo(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      quick: { type: 'boolean' },
      out: { type: 'string' },
      scale: { type: 'string' },
      quiet: { type: 'boolean' },
      serve: { type: 'boolean' },
      port: { type: 'string' },
      mode: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
    { positionals: false },
  );
  if (values.help) {
    console.log(HELP);
    return ExitCode.pass;
  }
  if (values.serve) return serveDemo(values.port, values.mode);
  for (const flag of ['port', 'mode'] as const) {
    if (values[flag] !== undefined) throw invalidInput({ field: `--${flag}`, value: values[flag], expected: 'it only with --serve (the demo run picks free ports and runs both modes)' }, 'LOADLINE_USAGE');
  }
  let scale: number | undefined;
  if (values.scale !== undefined) {
    scale = Number(values.scale);
    if (values.scale.trim() === '' || !Number.isFinite(scale) || scale < 0.01 || scale > 20) throw invalidInput({ field: '--scale', value: values.scale, expected: 'a number from 0.01 to 20' }, 'LOADLINE_USAGE');
  }
  const out = resolve(values.out ?? 'loadline-demo.json');
  const html = htmlBeside(out);
  // Checked before any service starts: minutes of measuring must not end in an unwritable path.
  checkOutputPath(out, '--out');
  checkOutputPath(html, '--out (its .html beside it)');

  const controller = new AbortController();
  const stop = () => {
    if (!controller.signal.aborted) console.log('\nloadline demo: stopping both services; what was measured is kept');
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let report: DemoReport;
  try {
    console.log(`loadline demo: seed 003's forum, naive then optimized, each in its own process${values.quick ? ' (--quick: short holds and searches)' : ''}`);
    report = await runForumDemo({ quick: values.quick ?? false, ...(scale !== undefined ? { scale } : {}), signal: controller.signal, onEvent: printer(values.quiet ?? false) });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  console.log(summary(report));
  if (report.naive === undefined && report.optimized === undefined) return report.interrupted ? ExitCode.interrupted : ExitCode.failed;
  const kept = await writeAll([
    { path: out, content: `${JSON.stringify(report, null, 2)}\n` },
    { path: html, content: renderDemoHtml(report) },
  ]);
  for (const line of kept) console.error(line);
  if (kept.length === 0) console.log(`written: ${out} (machine-readable) and ${html} (both ladders and the diagnosis)`);
  if (report.interrupted) return ExitCode.interrupted;
  return kept.length > 0 ? ExitCode.outputFailed : ExitCode.pass;
}
