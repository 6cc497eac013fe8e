import { ERROR_KINDS, formatBytes, type CustomMetricSummary, type EndpointSummary, type RunResult } from '../../core/index.js';
import { escapeHtml, htmlTable } from './HtmlEscape.js';

/** Number formats shared by every table of the report (and its tests). */
export const formatMs = (v: number): string => v.toFixed(2);
export const formatRate = (v: number): string => v.toFixed(1);
export const formatPercent = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;

export type Verdict = 'passed' | 'failed' | 'aborted' | 'interrupted';

/** `failed` when an error-level threshold failed; otherwise the run's status. */
export function verdictOf(result: RunResult): Verdict {
  if (result.status === 'aborted') return 'aborted';
  if (result.status === 'interrupted') return 'interrupted';
  return result.thresholds.some((t) => !t.ok && t.level === 'error') ? 'failed' : 'passed';
}

function loadModel(result: RunResult): string {
  const c = result.config;
  const parts = [c.model === 'open' ? 'open model (arrival rate)' : 'closed model (virtual users)'];
  if (typeof c.rate === 'number') parts.push(`${c.rate}/s`);
  if (typeof c.vus === 'number') parts.push(`${c.vus} VUs`);
  parts.push(`${(result.summary.durationMs / 1000).toFixed(0)} s measured`);
  if (c.warmupMs) parts.push(`${(c.warmupMs / 1000).toFixed(0)} s warm-up`);
  return parts.join(', ');
}

/** The header; `badge` replaces the thresholds' verdict when the run is judged otherwise (a spike run by its recovery). */
export function headerHtml(result: RunResult, title: string, badge?: { label: string; tone: Verdict }): string {
  const verdict = badge?.tone ?? verdictOf(result);
  const label = badge?.label ?? verdict;
  const t = result.summary.total;
  const facts: Array<[string, string]> = [
    ['target', result.config.target],
    ['scenario', result.config.scenario ?? '(none)'],
    ['load model', loadModel(result)],
    ['started', result.startedAt],
    ['requests', `${t.requests} (${formatRate(t.rps)}/s)`],
    ['error rate', formatPercent(result.summary.errorRate)],
    ['p95 / p99', `${formatMs(t.latency.p95)} / ${formatMs(t.latency.p99)} ms`],
  ];
  if (t.bytesReceived !== undefined) facts.push(['data received / sent', `${formatBytes(t.bytesReceived)} / ${formatBytes(t.bytesSent ?? 0)}`]);
  const note = result.summary.modelNote ? `<p class="note">${escapeHtml(result.summary.modelNote)}</p>` : '';
  return `<header>
<h1>${escapeHtml(title)} <span class="verdict ${verdict}" data-testid="verdict">${escapeHtml(label)}</span></h1>
<dl data-testid="facts">${facts.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd data-fact="${escapeHtml(k)}">${escapeHtml(v)}</dd></div>`).join('')}</dl>
${note}
</header>`;
}

export function thresholdsHtml(result: RunResult): string {
  if (result.thresholds.length === 0) return '<p class="empty" data-testid="thresholds-empty">No thresholds were set.</p>';
  const rows = result.thresholds.map((th) => [
    `<code>${escapeHtml(th.expression)}</code>`,
    escapeHtml(th.level),
    th.observed === null ? `no data${th.reason ? `: ${escapeHtml(th.reason)}` : ''}` : escapeHtml(String(Number(th.observed.toFixed(4)))),
    `<span class="${th.ok ? 'ok' : th.level === 'warn' ? 'warn' : 'bad'}">${th.ok ? 'pass' : 'fail'}</span>`,
  ]);
  return htmlTable('thresholds', ['threshold', 'level', 'observed', 'result'], rows, 2);
}

function endpointRow(e: EndpointSummary): string[] {
  const l = e.latency;
  const errorRate = e.requests === 0 ? 0 : e.errors.total / e.requests;
  return [escapeHtml(e.name), String(e.requests), formatRate(e.rps), formatMs(l.mean), formatMs(l.p50), formatMs(l.p95), formatMs(l.p99), formatMs(l.max), formatPercent(errorRate)];
}

export function endpointsHtml(result: RunResult): string {
  const rows = [...result.summary.endpoints.map(endpointRow), endpointRow(result.summary.total)];
  return htmlTable('endpoints', ['endpoint', 'requests', 'rps', 'avg ms', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors'], rows);
}

function metricDetail(m: CustomMetricSummary, durationS: number): string {
  switch (m.type) {
    case 'counter':
      return `${m.value} total, ${formatRate(durationS > 0 ? m.value / durationS : 0)}/s`;
    case 'rate': {
      const trues = Math.round((m.rate ?? m.value) * (m.count ?? 0));
      return `${formatPercent(m.rate ?? m.value)} (${trues} of ${m.count ?? 0})`;
    }
    case 'gauge':
      return `last ${m.value}${m.min !== undefined ? `, min ${m.min}, max ${m.max}` : ''}`;
    case 'trend': {
      const l = m.latency;
      return l ? `avg ${formatMs(m.value)}, p50 ${formatMs(l.p50)}, p95 ${formatMs(l.p95)}, p99 ${formatMs(l.p99)}, max ${formatMs(l.max)}` : `avg ${formatMs(m.value)}`;
    }
  }
}

/** Checks and the scenario's custom metrics, tagged series under their metric; empty when none. */
export function metricsHtml(result: RunResult): string {
  const rows: string[][] = [];
  const checks = result.summary.checks;
  if (checks) rows.push(['checks', 'rate', String(checks.passes + checks.fails), `${formatPercent(checks.rate)} (${checks.passes} passed, ${checks.fails} failed)`]);
  const metrics = result.summary.metrics ?? {};
  const durationS = result.summary.durationMs / 1000;
  for (const [name, m] of Object.entries(metrics)) {
    if (m.metric !== undefined) continue;
    rows.push([`<code>${escapeHtml(name)}</code>`, m.type, String(m.count ?? 0), escapeHtml(metricDetail(m, durationS) + (m.seriesOverflow ? `; ${m.seriesOverflow} samples past the series cap` : ''))]);
    for (const [key, s] of Object.entries(metrics)) {
      if (s.metric !== name) continue;
      const tags = Object.entries(s.tags ?? {}).map(([k, v]) => `${k}:${v}`).join(', ');
      rows.push([`<span class="series">${escapeHtml(tags || key)}</span>`, s.type, String(s.count ?? 0), escapeHtml(metricDetail(s, durationS))]);
    }
  }
  return rows.length ? htmlTable('metrics', ['metric', 'type', 'samples', 'value'], rows, 2) : '';
}

export function errorsHtml(result: RunResult): string {
  const byKind = result.summary.total.errors.byKind;
  const requests = result.summary.total.requests;
  const kinds = ERROR_KINDS.filter((k) => (byKind[k] ?? 0) > 0);
  const errorTable = kinds.length
    ? htmlTable('errors', ['kind', 'count', 'share of requests'], kinds.map((k) => [k, String(byKind[k]), formatPercent(requests ? byKind[k] / requests : 0)]))
    : '<p class="empty" data-testid="errors-empty">No errors.</p>';
  const statuses = Object.entries(result.summary.total.statusCodes).sort(([a], [b]) => a.localeCompare(b));
  const statusTable = statuses.length ? htmlTable('status-codes', ['status', 'responses'], statuses.map(([s, n]) => [s, String(n)])) : '';
  return errorTable + statusTable;
}
