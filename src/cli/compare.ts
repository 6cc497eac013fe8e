import { ExitCode, LoadlineError, parsePercent, readResult } from '../core/index.js';
import { compareResults, COMPARE_METRICS, formatComparisonMarkdown, formatComparisonText, type CompareMetric } from '../report/index.js';
import { parseCommandArgs } from './args.js';

const USAGE = `Usage: loadline compare <baseline.json> <current.json> [options]
       loadline compare --baseline a1.json --baseline a2.json --current b1.json --current b2.json

Compares per endpoint and overall; a regression is called only when the confidence interval of
the change clears the margin. With 2+ runs per side the interval comes from the independent runs,
otherwise from a moving-block bootstrap over the per-second series.

Options:
      --baseline FILE      a baseline result (repeat for several runs)
      --current FILE       a current result (repeat for several runs)
      --margin PCT         relative change that fails (default 10%)
      --warn-margin PCT    relative change that warns (default half the margin)
      --error-margin PCT   error-rate increase, in percentage points, that fails (default 1%)
      --metric LIST        comma-separated: ${COMPARE_METRICS.join(',')} (default all)
      --confidence PCT     confidence level of the intervals (default 95%)
      --method NAME        auto, repeats or bootstrap (default auto)
      --seed N             bootstrap seed (default 1)
      --json | --markdown  output format (default a text table)

Exit codes: 0 pass or warn, 99 regression, 2 bad input or incompatible runs (different endpoints).`;

/** `loadline compare`: the regression gate. */
export default async function compare(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      baseline: { type: 'string', multiple: true },
      current: { type: 'string', multiple: true },
      margin: { type: 'string' },
      'warn-margin': { type: 'string' },
      'error-margin': { type: 'string' },
      metric: { type: 'string' },
      confidence: { type: 'string' },
      method: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      markdown: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  const v = parsed.values;
  if (v.help) {
    console.log(USAGE);
    return ExitCode.pass;
  }
  const baselineFiles = [...(v.baseline ?? [])];
  const currentFiles = [...(v.current ?? [])];
  const pos = parsed.positionals;
  if (pos.length === 2 && baselineFiles.length === 0 && currentFiles.length === 0) {
    baselineFiles.push(pos[0]!);
    currentFiles.push(pos[1]!);
  } else if (pos.length !== 0 || baselineFiles.length === 0 || currentFiles.length === 0) {
    throw new LoadlineError('LOADLINE_USAGE', `expected <baseline.json> <current.json>, or --baseline and --current files\n\n${USAGE}`);
  }
  if (v.json && v.markdown) throw new LoadlineError('LOADLINE_USAGE', '--json and --markdown: choose one output format');
  const metrics = v.metric?.split(',').map((m) => m.trim()).filter(Boolean) as CompareMetric[] | undefined;
  for (const m of metrics ?? []) {
    if (!COMPARE_METRICS.includes(m)) throw new LoadlineError('LOADLINE_USAGE', `--metric: got ${JSON.stringify(m)}, expected a comma-separated list of ${COMPARE_METRICS.join(', ')}`, { field: '--metric', value: m });
  }
  const seed = v.seed === undefined ? undefined : Number(v.seed);
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new LoadlineError('LOADLINE_USAGE', `--seed: got ${JSON.stringify(v.seed)}, expected an integer`, { field: '--seed', value: v.seed });
  const baselines = await Promise.all(baselineFiles.map((f) => readResult(f)));
  const currents = await Promise.all(currentFiles.map((f) => readResult(f)));
  const report = compareResults(baselines, currents, {
    ...(v.margin !== undefined ? { margin: parsePercent(v.margin, '--margin') } : {}),
    ...(v['warn-margin'] !== undefined ? { warnMargin: parsePercent(v['warn-margin'], '--warn-margin') } : {}),
    ...(v['error-margin'] !== undefined ? { errorRateMargin: parsePercent(v['error-margin'], '--error-margin') } : {}),
    ...(v.confidence !== undefined ? { confidence: parsePercent(v.confidence, '--confidence') } : {}),
    ...(v.method !== undefined ? { method: v.method as 'auto' } : {}),
    ...(metrics ? { metrics } : {}),
    ...(seed !== undefined ? { seed } : {}),
  });
  console.log(v.json ? JSON.stringify({ baseline: baselineFiles, current: currentFiles, ...report }, null, 2) : v.markdown ? formatComparisonMarkdown(report) : formatComparisonText(report));
  return report.verdict === 'fail' ? ExitCode.failed : report.verdict === 'incompatible' ? ExitCode.usage : ExitCode.pass;
}
