import type { RunResult } from '../../core/index.js';
import { escapeHtml, htmlTable } from './HtmlEscape.js';
import { formatMs } from './ReportTables.js';

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

/**
 * The "Top statements" section: the target's query table over the run (`result.queries`, from
 * `loadline run --monitor` with a query monitor attached to the target), beside the client-side
 * latency: the statements that took the most database time, each route's database time and its
 * heaviest statement, the N+1 patterns and the slow statements of the run. Empty without it.
 */
export function queriesHtml(result: RunResult): string {
  const q = result.queries;
  if (!q) return '';
  const requests = result.summary.total.requests;
  const queries = q.statements.reduce((n, s) => n + s.calls, 0);
  const dbMs = q.statements.reduce((n, s) => n + s.totalMs, 0);
  const t = result.summary.total.latency;
  const window = q.window === 'run' ? 'over the run' : 'since the service started (no snapshot at the start of the run)';
  const lead = `<p class="note" data-testid="queries-lead">From the target's query monitor (${escapeHtml(q.source)}), ${window}. Client side: ${requests} requests, p95 ${formatMs(t.p95)} ms, p99 ${formatMs(t.p99)} ms. Server side: ${queries} queries of the top ${q.statements.length} statements${requests > 0 ? ` (${(queries / requests).toFixed(1)} per request)` : ''}, ${formatMs(dbMs)} ms of database time${requests > 0 ? ` (${formatMs(dbMs / requests)} ms per request)` : ''}.</p>`;
  const statementRows = q.statements.map((s) => [
    code(s.text),
    String(s.calls),
    requests > 0 ? (s.calls / requests).toFixed(2) : '–',
    formatMs(s.totalMs),
    dbMs > 0 ? `${((100 * s.totalMs) / dbMs).toFixed(1)}%` : '–',
    formatMs(s.meanMs),
    s.latencyMs ? formatMs(s.latencyMs.p95) : '–',
    s.latencyMs ? formatMs(s.latencyMs.p99) : '–',
    String(s.errors),
    s.callSite ? code(s.callSite) : '',
  ]);
  const statements = statementRows.length
    ? htmlTable('top-statements', ['statement', 'calls', 'per request', 'total ms', 'share', 'mean ms', 'p95 ms*', 'p99 ms*', 'errors', 'calling line'], statementRows)
    : '<p class="empty" data-testid="top-statements-empty">No statement ran during the run.</p>';
  const footnote = statementRows.length ? '<p class="note">* p95 and p99 since the service started; calls, time and mean are the run\'s.</p>' : '';
  const routes = q.routes.length
    ? `<h3>Database time per route</h3>${htmlTable(
        'query-routes',
        ['route', 'queries', 'database ms', 'heaviest statement', 'its share'],
        q.routes.map((r) => {
          const top = r.statements[0];
          return [escapeHtml(r.route), String(r.queries), formatMs(r.totalMs), top ? code(top.text) : '', top ? `${(100 * top.share).toFixed(1)}%` : ''];
        }),
      )}`
    : '';
  const nPlusOne = q.nPlusOne.length
    ? `<h3 class="bad">N+1 queries</h3>${htmlTable(
        'n-plus-one',
        ['route', 'statement', 'calling line', 'most calls in a request', 'requests'],
        q.nPlusOne.map((f) => [escapeHtml(f.route), code(f.statement), code(f.callSite), String(f.maxCount), String(f.requests)]),
      )}`
    : '';
  const slow = q.slowTotal
    ? `<h3>Slow statements (at least ${q.slowMs} ms): ${q.slowTotal}</h3>${htmlTable(
        'slow-queries',
        ['statement', 'ms', 'route', 'calling line'],
        q.slow.slice(0, 10).map((s) => [code(s.statement), formatMs(s.durationMs), escapeHtml(s.route ?? ''), s.callSite ? code(s.callSite) : '']),
        1,
      )}`
    : '';
  return [lead, statements, footnote, routes, nPlusOne, slow].filter(Boolean).join('\n');
}
