import { ExitCode, LoadlineError, readResult } from '../core/index.js';
import { BUDGET_FILE_NAMES, checkBudget, findBudgetFile, formatBudgetMarkdown, formatBudgetText, readBudgetFile } from '../report/index.js';
import { parseCommandArgs } from './args.js';

const USAGE = `Usage: loadline budget [budget-file] [--result result.json] [--lighthouse dir] [--json | --markdown]

Checks the budgets of one file (default: ${BUDGET_FILE_NAMES.join(', ')} in the current
directory): bundle sizes by glob (raw, gzip, brotli), API budgets and SLOs against a result file,
and Lighthouse medians over several runs.

Options:
      --result FILE      load result for the api and slos budgets
      --lighthouse PATH  directory (or glob) of Lighthouse JSON results
      --json | --markdown output format (default a text table)

Exit codes: 0 pass or warn, 99 an error-level budget was exceeded, 2 bad input.`;

/** `loadline budget`: budgets in one file. */
export default async function budget(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    { result: { type: 'string' }, lighthouse: { type: 'string' }, json: { type: 'boolean' }, markdown: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    USAGE,
  );
  const v = parsed.values;
  if (v.help) {
    console.log(USAGE);
    return ExitCode.pass;
  }
  if (parsed.positionals.length > 1) throw new LoadlineError('LOADLINE_USAGE', `expected at most one budget file, got ${parsed.positionals.length}\n\n${USAGE}`);
  if (v.json && v.markdown) throw new LoadlineError('LOADLINE_USAGE', '--json and --markdown: choose one output format');
  const file = parsed.positionals[0] ?? findBudgetFile(process.cwd());
  if (!file) throw new LoadlineError('LOADLINE_USAGE', `no budget file given and none of ${BUDGET_FILE_NAMES.join(', ')} in ${process.cwd()}`);
  const spec = await readBudgetFile(file);
  const result = v.result ? await readResult(v.result) : undefined;
  const report = await checkBudget(spec, { ...(result ? { result } : {}), ...(v.lighthouse ? { lighthouse: v.lighthouse } : {}) });
  console.log(v.json ? JSON.stringify({ file, ...report }, null, 2) : v.markdown ? formatBudgetMarkdown(report) : formatBudgetText(report));
  return report.verdict === 'error' ? ExitCode.failed : ExitCode.pass;
}
