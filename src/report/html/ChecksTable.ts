import type { RunResult } from '../../core/index.js';
import { escapeHtml, htmlTable } from './HtmlEscape.js';
import { formatPercent } from './ReportTables.js';

/**
 * The checks section's content: each check by name (failing first, lowest pass rate first) with
 * its request, passes, fails and pass rate, then the captures that matched nothing on some
 * responses. Empty when the result has no checks by name and no missed captures.
 */
export function checksHtml(result: RunResult): string {
  const byName = Object.entries(result.summary.checks?.byName ?? {});
  const failing = byName.filter(([, c]) => c.fails > 0).sort(([, a], [, b]) => a.rate - b.rate);
  const rows = [...failing, ...byName.filter(([, c]) => c.fails === 0)].map(([name, c]) => [
    `<span class="${c.fails > 0 ? 'bad' : 'ok'}">${c.fails > 0 ? '✗' : '✓'}</span> ${escapeHtml(name)}`,
    escapeHtml(c.request),
    String(c.passes),
    String(c.fails),
    formatPercent(c.rate),
  ]);
  const missed = Object.entries(result.summary.captures ?? {}).filter(([, c]) => c.misses > 0);
  const notes = missed.map(
    ([name, c]) => `<li>capture <code>${escapeHtml(name)}</code> (${escapeHtml(c.request)}): ${c.misses === c.responses ? 'never matched' : 'matched nothing'} in ${c.misses} of ${c.responses} responses</li>`,
  );
  const table = rows.length ? htmlTable('checks', ['check', 'request', 'passes', 'fails', 'pass rate'], rows, 2) : '';
  return table + (notes.length ? `<ul class="captures" data-testid="captures">${notes.join('')}</ul>` : '');
}
