import { existsSync } from 'node:fs';
import type { parseArgs } from 'node:util';
import { ExitCode, invalidInput, isLoadlineError, LoadlineError, parseDuration, parsePercent, parseRate, readResult, type RunResult } from '../core/index.js';
import {
  findCapacity,
  formatCapacityText,
  formatSoakText,
  formatSpikeText,
  runSoak,
  runSpike,
  soakDegraded,
  soakReport,
  spikeReport,
  type CapacityOptions,
  type ScenarioSource,
  type SoakRunReport,
  type SpikeRunReport,
  type StepLoad,
} from '../load/index.js';
import { renderHtmlReport } from '../report/index.js';
import { defined, parseCommandArgs } from './args.js';
import { foreignStepSource } from '../compat/index.js';
import { checkOutputPath, describeKept, writeOutputOrKeep } from './outputPath.js';
import { ownRequestFlag, parseRequestFlags, REQUEST_HELP, REQUEST_OPTIONS } from './requestFlags.js';
import { printWarning, WARNING_WIDTH } from './stderrLines.js';

const HELP = `Usage: loadline find URL|SCENARIO --slo EXPR [--slo EXPR ...] [options]
       loadline find URL|SCENARIO --mode spike|soak --slo EXPR [options]
       loadline find --mode spike|soak --result run.json --slo EXPR

Finds the load line: doubles the load (arrival rate, or VUs with --vus) until a step breaks, each
step a warm-up and a measured hold judged on the SLOs (held again when the verdict is marginal),
bisects between the last passing and first failing step, and reports the max sustainable load and
the breaking point (errors past a limit, or achieved throughput no longer following the offered
load). When the generator itself is saturated it says so instead of reporting its own ceiling.

SLOs (threshold grammar; a bare 'p(95)<127' means http_req_duration):
  --slo EXPR            repeatable, e.g. 'p(95)<127', 'http_req_failed:rate<0.01' (required)
Ladder:
  --vus                 offer VUs (closed model) instead of arrivals per second
  --start N             first step (default 100/s, or 10 VUs); steps down when it already fails
  --growth F            multiply per step (default 2)
  --step N              add N per step instead (a linear ladder)
  --max N               highest load offered (default none: the budget bounds the climb)
  --step-duration D     measured hold per step (default 3s)
  --warmup D            unmeasured warm-up per step (default 1s)
  --refine N            most bisection steps (default 8; stops at a 5% gap)
  --holds N             most holds of a step whose verdict is marginal (default 3; 1 never repeats)
  --budget D            total time allowed (default 2m)
  --error-limit PCT     error rate that marks the breaking point (default 5%)
  --workers N           send the load from N worker threads (default 1)
  --pid PID             show the target's CPU % and RSS per step (Linux /proc)
Request:
${REQUEST_HELP}
Scenario (SCENARIO is a .ts, .js or .yaml file; its own thresholds count as SLOs too):
  --target ORIGIN       origin overriding the scenario's target
  --seed N              seed for flow picks, think times and data rows
Modes:
  --mode capacity       the ladder (default)
  --mode spike          --start for --step-duration, --max (default 10 x start) for --step-duration,
                        --start again for twice that; reports recovery time of the SLO percentile
  --mode soak           --start held for --duration (default 5m); reports throughput, p95 and
                        (with --pid) memory drift, first vs last --window (default 10% of the run)
  --result FILE         spike/soak: analyse an existing result file instead of running load
  --max-degradation PCT soak: fail when throughput drop, p95 rise or memory growth exceed it
Output:
  --json                print the report as JSON
  --out FILE            write the report as JSON (capacity: maxSustainable.rate, breakingPoint.rate)
  --html FILE           write the HTML report (capacity: ladder and charts)
  --quiet               no per-step progress

Exit codes: 0 found (or recovered, or within --max-degradation), 1 found, but an output file
(--out, --html) could not be written at the end (kept in the temp folder, path printed), 2 bad
usage, 99 no step met the SLOs (or not recovered, or degraded past the limit).`;

const OPTIONS = {
  slo: { type: 'string', multiple: true },
  mode: { type: 'string' },
  vus: { type: 'boolean' },
  start: { type: 'string' },
  step: { type: 'string' },
  growth: { type: 'string' },
  max: { type: 'string' },
  'step-duration': { type: 'string' },
  duration: { type: 'string' },
  warmup: { type: 'string' },
  refine: { type: 'string' },
  holds: { type: 'string' },
  budget: { type: 'string' },
  workers: { type: 'string' },
  'error-limit': { type: 'string' },
  pid: { type: 'string' },
  ...REQUEST_OPTIONS,
  target: { type: 'string' },
  seed: { type: 'string' },
  result: { type: 'string' },
  window: { type: 'string' },
  'max-degradation': { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  html: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function load(level: string | undefined, field: string, vus: boolean): number | undefined {
  if (level === undefined) return undefined;
  if (vus) {
    if (!/^\d+$/.test(level.trim()) || Number(level) < 1) throw invalidInput({ field, value: level, expected: 'a whole number of VUs of at least 1' });
    return Number(level);
  }
  return parseRate(level, field);
}

function wholeNumber(text: string | undefined, field: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw invalidInput({ field, value: text, expected: `a whole number from ${min} to ${max}` });
  return n;
}

function positiveDuration(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text, field);
  if (ms <= 0) throw invalidInput({ field, value: text, expected: 'a duration above 0, such as 10s' });
  return ms;
}

const SCENARIO_FILE = /\.(?:[cm]?[jt]s|ya?ml)$/i;

/** The target: a URL's request, or a scenario file (with --target and --seed). */
function source(url: string, v: Values): { load: StepLoad } | { scenario: ScenarioSource } {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && (SCENARIO_FILE.test(url) || existsSync(url))) {
    if (!existsSync(url)) throw invalidInput({ field: 'scenario', value: url, expected: 'an existing scenario file (.ts, .js, .yaml)' });
    const ownRequest = ownRequestFlag(v);
    if (ownRequest) throw invalidInput({ field: ownRequest, value: url, expected: 'a URL target: a scenario file sets its own requests' }, 'LOADLINE_USAGE');
    const seed = v.seed === undefined ? undefined : Number(v.seed);
    if (seed !== undefined && !Number.isSafeInteger(seed)) throw invalidInput({ field: '--seed', value: v.seed, expected: 'an integer' });
    return { scenario: { file: url, ...defined({ target: v.target, seed }) } };
  }
  if (v.target !== undefined || v.seed !== undefined) throw invalidInput({ field: v.target !== undefined ? '--target' : '--seed', value: v.target ?? v.seed, expected: 'a scenario file target (with a URL, pass the URL itself)' }, 'LOADLINE_USAGE');
  return { load: stepLoad(url, v) };
}

/** A k6 script or an Artillery file climbs like a scenario (compat's foreignStepSource), else `source`. */
async function sourceOf(url: string, v: Values): Promise<{ load: StepLoad } | { scenario: ScenarioSource }> {
  return (await foreignStepSource(url, defined({ target: v.target }))) ?? source(url, v);
}

function stepLoad(url: string, v: Values): StepLoad {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw invalidInput({ field: 'URL', value: url, expected: 'an absolute http:// or https:// URL (e.g. http://127.0.0.1:3000/) or a scenario file (.ts, .js, .yaml)' });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw invalidInput({ field: 'URL', value: url, expected: 'an http:// or https:// URL' });
  return { url, ...parseRequestFlags(v) };
}

/**
 * Writes the report (--out, --html) and prints it. A write that fails now, after the whole
 * search (the paths were checked before it), keeps the content in the temp folder and says
 * where, after the report, never instead of it; the exit code is then 1 where it was 0.
 */
async function emit(report: object, v: Values, text: string, html: (() => string) | undefined, code: number): Promise<number> {
  const outKept = v.out ? await writeOutputOrKeep(v.out, `${JSON.stringify(report, null, 2)}\n`, 'loadline-find.json') : undefined;
  const htmlKept = v.html && html ? await writeOutputOrKeep(v.html, html(), 'loadline-find.html') : undefined;
  if (v.json) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(text);
    if (v.out && !outKept) console.log(`report written to ${v.out}`);
    if (v.html && html && !htmlKept) console.log(`HTML report written to ${v.html}`);
  }
  if (outKept) printWarning(describeKept(outKept, '--out'));
  if (htmlKept) printWarning(describeKept(htmlKept, '--html'));
  return code === ExitCode.pass && (outKept || htmlKept) ? ExitCode.outputFailed : code;
}

function progress(v: Values): boolean {
  return !v.quiet && !v.json;
}

async function capacity(url: string, v: Values, slos: string[]): Promise<number> {
  const vus = v.vus ?? false;
  const pid = v.pid === undefined ? undefined : load(v.pid, '--pid', true);
  const errorLimit = v['error-limit'] === undefined ? undefined : parsePercent(v['error-limit'], '--error-limit');
  const growth = v.growth === undefined ? undefined : Number(v.growth);
  if (growth !== undefined && !(growth > 1)) throw invalidInput({ field: '--growth', value: v.growth, expected: 'a factor above 1, e.g. 1.5' });
  const refine = wholeNumber(v.refine, '--refine', 0, 20);
  const holds = wholeNumber(v.holds, '--holds', 1, 9);
  const workers = wholeNumber(v.workers, '--workers', 1, 256);
  const options: CapacityOptions = {
    ...(await sourceOf(url, v)),
    slos,
    mode: vus ? 'vus' : 'rate',
    ...defined({
      start: load(v.start, '--start', vus),
      step: load(v.step, '--step', vus),
      growth,
      max: load(v.max, '--max', vus),
      stepDurationMs: positiveDuration(v['step-duration'], '--step-duration'),
      warmupMs: v.warmup === undefined ? undefined : parseDuration(v.warmup, '--warmup'),
      refineSteps: refine,
      maxHolds: holds,
      budgetMs: positiveDuration(v.budget, '--budget'),
      workers,
      pid,
      breakRules: errorLimit === undefined ? undefined : { errorLimit },
    }),
  };
  const runs = new Map<number, RunResult>();
  const unit = vus ? ' VUs' : '/s';
  options.onStep = (step, result) => {
    runs.set(step.offered, result);
    if (progress(v)) {
      const verdict = step.ok ? 'met' : `missed (${step.missed.join('; ')})`;
      const held = step.holds > 1 ? ` [${step.passes}/${step.holds} holds met]` : '';
      // A missed step lists every SLO it missed: the line wraps at 80 columns like the warnings.
      printWarning(`${step.phase} ${step.offered}${unit}: achieved ${step.achieved.toFixed(1)}/s, p95 ${step.p95Ms.toFixed(1)} ms, errors ${(step.errorRate * 100).toFixed(2)}%: ${verdict}${held}`);
    }
  };
  const report = await findCapacity(options);
  const shown = runs.get(report.maxSustainable?.rate ?? Number.NaN) ?? runs.get(report.steps[report.steps.length - 1]?.offered ?? Number.NaN);
  const html = shown ? () => renderHtmlReport(shown, { title: `loadline find: ${url}`, capacity: report }) : undefined;
  return emit(report, v, formatCapacityText(report, { flags: true, width: WARNING_WIDTH }), html, report.maxSustainable ? ExitCode.pass : ExitCode.failed);
}

async function spike(url: string | undefined, v: Values, slos: string[]): Promise<number> {
  let report: SpikeRunReport;
  if (v.result !== undefined) {
    report = spikeReport(await readResult(v.result), { slos });
  } else {
    const vus = v.vus ?? false;
    const baseline = load(v.start, '--start', vus);
    const phaseMs = positiveDuration(v['step-duration'], '--step-duration') ?? 30_000;
    const budgetMs = positiveDuration(v.budget, '--budget') ?? 300_000;
    const warmupMs = v.warmup === undefined ? 5000 : parseDuration(v.warmup, '--warmup');
    if (warmupMs + 4 * phaseMs > budgetMs) throw invalidInput({ field: '--step-duration', value: v['step-duration'] ?? '30s', expected: `a phase short enough for warm-up + 4 phases to fit the ${budgetMs / 1000} s budget` });
    if (progress(v)) process.stderr.write(`spike run: ${((warmupMs + 4 * phaseMs) / 1000).toFixed(0)} s\n`);
    report = await runSpike({ ...(await sourceOf(url!, v)), slos, mode: vus ? 'vus' : 'rate', phaseMs, warmupMs, ...defined({ baseline, peak: load(v.max, '--max', vus), workers: wholeNumber(v.workers, '--workers', 1, 256) }) });
  }
  const { recovery, result } = report;
  const html = () => renderHtmlReport(result, { title: `loadline find --mode spike: ${result.config.target}`, spike: recovery });
  return emit(report, v, formatSpikeText(recovery), html, recovery.recovered ? ExitCode.pass : ExitCode.failed);
}

async function soak(url: string | undefined, v: Values, slos: string[]): Promise<number> {
  const windowMs = positiveDuration(v.window, '--window');
  const maxDegradation = v['max-degradation'] === undefined ? undefined : parsePercent(v['max-degradation'], '--max-degradation');
  let report: SoakRunReport;
  if (v.result !== undefined) {
    report = soakReport(await readResult(v.result), defined({ windowMs }));
  } else {
    const vus = v.vus ?? false;
    const durationMs = positiveDuration(v.duration, '--duration') ?? 300_000;
    const budgetMs = positiveDuration(v.budget, '--budget');
    if (budgetMs !== undefined && durationMs > budgetMs) throw invalidInput({ field: '--duration', value: v.duration, expected: `at most the --budget (${budgetMs / 1000} s)` });
    const pid = v.pid === undefined ? undefined : load(v.pid, '--pid', true);
    if (progress(v)) process.stderr.write(`soak run: ${(durationMs / 1000).toFixed(0)} s\n`);
    report = await runSoak({
      ...(await sourceOf(url!, v)),
      slos,
      mode: vus ? 'vus' : 'rate',
      durationMs,
      ...defined({ level: load(v.start, '--start', vus), windowMs, pid, warmupMs: v.warmup === undefined ? undefined : parseDuration(v.warmup, '--warmup'), workers: wholeNumber(v.workers, '--workers', 1, 256) }),
    });
  }
  const { degradation, result } = report;
  const html = () => renderHtmlReport(result, { title: `loadline find --mode soak: ${result.config.target}` });
  return emit(report, v, formatSoakText(degradation), html, maxDegradation !== undefined && soakDegraded(degradation, maxDegradation) ? ExitCode.failed : ExitCode.pass);
}

/** `loadline find URL|SCENARIO --slo EXPR [options]`: capacity search, spike recovery or soak drift. */
export default async function find(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(argv, OPTIONS, HELP);
  const v = parsed.values;
  if (v.help) {
    console.log(HELP);
    return ExitCode.pass;
  }
  const mode = v.mode ?? 'capacity';
  if (mode !== 'capacity' && mode !== 'spike' && mode !== 'soak') throw invalidInput({ field: '--mode', value: mode, expected: 'capacity, spike or soak' });
  const [url, ...extra] = parsed.positionals;
  if (extra.length) throw invalidInput({ field: 'URL', value: extra.join(' '), expected: 'exactly one target URL' }, 'LOADLINE_USAGE');
  if (v.result !== undefined && mode === 'capacity') throw invalidInput({ field: '--result', value: v.result, expected: '--mode spike or soak (capacity search runs its own load)' }, 'LOADLINE_USAGE');
  if (url === undefined && v.result === undefined) throw new LoadlineError('LOADLINE_USAGE', `missing URL\n\n${HELP}`);
  if (url !== undefined && v.result !== undefined) throw invalidInput({ field: '--result', value: v.result, expected: 'either a URL to run or --result to analyse, not both' }, 'LOADLINE_USAGE');
  const slos = v.slo ?? [];
  if (mode !== 'soak' && slos.length === 0) throw invalidInput({ field: '--slo', expected: "at least one SLO, e.g. --slo 'p(95)<127' --slo 'http_req_failed:rate<0.01'" }, 'LOADLINE_USAGE');
  checkOutputPath(v.out, '--out');
  checkOutputPath(v.html, '--html');
  // The library checks the SLOs before any load is sent (or any result is analysed), naming
  // `slos[i]`; the CLI names its flag.
  try {
    if (mode === 'spike') return await spike(url, v, slos);
    if (mode === 'soak') return await soak(url, v, slos);
    return await capacity(url!, v, slos);
  } catch (err) {
    if (isLoadlineError(err) && /^slos(\[\d+\])?$/.test(err.details.field ?? '')) {
      throw invalidInput({ field: '--slo', ...('value' in err.details ? { value: err.details.value } : {}), expected: err.details.expected ?? 'an SLO expression' });
    }
    throw err;
  }
}
