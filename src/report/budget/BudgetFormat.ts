import type { BudgetCheck, BudgetReport, Limit } from './Budget.js';

function fmt(v: number | undefined | null, unit: BudgetCheck['unit']): string {
  if (v === undefined) return '';
  if (v === null) return '-';
  switch (unit) {
    case 'bytes':
      return v >= 1e6 ? `${(v / 1e6).toFixed(2)} MB` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} KB` : `${v} B`;
    case 'ms':
      return `${v.toFixed(v >= 100 ? 0 : 1)} ms`;
    case 'ratio':
      return `${(v * 100).toFixed(2)}%`;
    case 'rps':
      return `${v.toFixed(1)}/s`;
    case 'score':
      return String(Number(v.toFixed(4)));
  }
}

/** How each comparison prints: the value must stay on this side of the limit. */
const OPERATOR_TEXT = { '<': '< ', '<=': '≤ ', '>': '> ', '>=': '≥ ', '==': '= ', '!=': '≠ ' } as const;

function limitText(c: BudgetCheck, l: Limit): [string, string] {
  const op = c.operator ? OPERATOR_TEXT[c.operator] : c.higherIsBetter ? '≥ ' : '≤ ';
  return [l.warn === undefined ? '' : op + fmt(l.warn, c.unit), l.error === undefined ? '' : op + fmt(l.error, c.unit)];
}

const HEADER = ['kind', 'name', 'metric', 'value', 'warn', 'error', 'level', 'detail'];
const MARK = { pass: 'pass', warn: 'WARN', error: 'ERROR' };

function cells(c: BudgetCheck): string[] {
  return [c.kind, c.name, c.metric, fmt(c.value, c.unit), ...limitText(c, c.limit), MARK[c.level], c.detail ?? ''];
}

function summary(report: BudgetReport): string {
  const n = (l: string) => report.checks.filter((c) => c.level === l).length;
  return `budget: ${report.verdict.toUpperCase()} (${report.checks.length} checks: ${n('pass')} pass, ${n('warn')} warn, ${n('error')} error)`;
}

/** The budget report as an aligned text table. */
export function formatBudgetText(report: BudgetReport): string {
  const rows = [HEADER, ...report.checks.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return [summary(report), '', ...rows.map((r) => r.map((c, i) => (i >= 3 && i <= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd())].join('\n');
}

/** The budget report as GitHub-flavoured Markdown. */
export function formatBudgetMarkdown(report: BudgetReport): string {
  const icon = { pass: '✅', warn: '⚠️', error: '❌' }[report.verdict];
  return [
    `### loadline budget: ${icon} ${report.verdict}`,
    '',
    summary(report),
    '',
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, i) => (i >= 3 && i <= 5 ? ' ---: ' : ' --- ')).join('|')}|`,
    ...report.checks.map((c) => `| ${cells(c).map((x) => x.replace(/\|/g, '\\|')).join(' | ')} |`),
  ].join('\n');
}
