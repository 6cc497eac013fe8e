import { writeFile } from 'node:fs/promises';
import { ExitCode, LoadlineError } from '../core/index.js';
import { readResult, renderHtmlReport } from '../report/index.js';
import { parseCommandArgs } from './args.js';
import { checkOutputPath } from './outputPath.js';

const USAGE = `Usage: loadline report <result.json> [-o report.html] [--title TEXT]

Renders a result file as one self-contained HTML page (charts, thresholds, endpoints, errors;
works offline).

Options:
  -o, --out FILE   where to write the page (default: report.html)
      --title TEXT page title (default: "loadline report: <target>")
  -h, --help       this help`;

/** `loadline report`: result file to HTML. */
export default async function report(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(argv, { out: { type: 'string', short: 'o' }, title: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (parsed.values.help) {
    console.log(USAGE);
    return ExitCode.pass;
  }
  if (parsed.positionals.length !== 1) throw new LoadlineError('LOADLINE_USAGE', `expected one result file, got ${parsed.positionals.length}\n\n${USAGE}`);
  const out = parsed.values.out ?? 'report.html';
  checkOutputPath(out, '--out');
  const result = await readResult(parsed.positionals[0]!);
  await writeFile(out, renderHtmlReport(result, parsed.values.title ? { title: parsed.values.title } : {}));
  console.log(`wrote ${out}`);
  return ExitCode.pass;
}
