import type { ComparisonReport, ComparisonRow } from './CompareResults.js';

const LEVEL_MARK: Record<ComparisonRow['level'], string> = { pass: 'pass', warn: 'WARN', fail: 'FAIL' };

function value(row: ComparisonRow, v: number): string {
  if (row.metric === 'error_rate') return `${(v * 100).toFixed(2)}%`;
  if (row.metric === 'rps') return v.toFixed(1);
  return `${v.toFixed(2)} ms`;
}

function change(row: ComparisonRow, v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '+inf' : '-inf';
  return row.relative ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%` : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(2)}pp`;
}

function cells(row: ComparisonRow): string[] {
  return [row.scope, row.metric, value(row, row.baseline), value(row, row.current), change(row, row.change), `${change(row, row.low)} .. ${change(row, row.high)}`, LEVEL_MARK[row.level]];
}

const HEADER = ['scope', 'metric', 'baseline', 'current', 'change', 'CI', 'level'];

function headline(report: ComparisonReport): string {
  const conf = `${Math.round(report.confidence * 100)}%`;
  const how = report.method === 'repeats' ? `${report.baselineRuns} vs ${report.currentRuns} independent runs` : 'moving-block bootstrap over per-second series';
  return `verdict: ${report.verdict.toUpperCase()} (margin ${(report.margin * 100).toFixed(0)}%, error-rate margin ${(report.errorRateMargin * 100).toFixed(1)}pp, ${conf} CI from ${how})`;
}

function incompatibleLines(report: ComparisonReport): string[] {
  const inc = report.incompatible;
  if (!inc) return [];
  return [
    'baseline and current measure different endpoints; they were not compared.',
    `  only in baseline: ${inc.onlyInBaseline.join(', ') || '(none)'}`,
    `  only in current:  ${inc.onlyInCurrent.join(', ') || '(none)'}`,
  ];
}

/** The comparison as an aligned plain-text table, for terminals and CI logs. */
export function formatComparisonText(report: ComparisonReport): string {
  const lines = [headline(report), ...incompatibleLines(report)];
  if (report.rows.length) {
    const rows = [HEADER, ...report.rows.map(cells)];
    const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    lines.push('', ...rows.map((r) => r.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()));
    const bad = report.rows.filter((r) => r.level !== 'pass');
    if (bad.length) lines.push('', ...bad.map((r) => `${LEVEL_MARK[r.level]} ${r.scope} ${r.metric}: ${r.reason}`));
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}

/** The comparison as GitHub-flavoured Markdown, for a pull-request comment. */
export function formatComparisonMarkdown(report: ComparisonReport): string {
  const icon = { pass: '✅', warn: '⚠️', fail: '❌', incompatible: '⛔' }[report.verdict];
  const lines = [`### loadline compare: ${icon} ${report.verdict}`, '', headline(report), ...incompatibleLines(report).map((l) => l.replace(/^ {2}/, '- '))];
  if (report.rows.length) {
    lines.push('', `| ${HEADER.join(' | ')} |`, `|${HEADER.map((_, i) => (i >= 2 && i <= 5 ? ' ---: ' : ' --- ')).join('|')}|`);
    for (const row of report.rows) lines.push(`| ${cells(row).map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  for (const note of report.notes) lines.push('', `> ${note}`);
  return lines.join('\n');
}
