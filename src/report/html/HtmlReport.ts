import type { RunResult } from '../../core/index.js';
import { capacityCharts, capacityHtml, type CapacityLadder } from './CapacityLadder.js';
import type { ChartSpec } from './ChartSpec.js';
import { escapeHtml, jsonForScript } from './HtmlEscape.js';
import { percentileChart } from './PercentileCurve.js';
import { REPORT_SCRIPT } from './ReportScript.js';
import { spikeBadge, spikeHtml, type SpikeSummary } from './SpikeSection.js';
import { checksHtml } from './ChecksTable.js';
import { datastoreCharts, datastoresHtml } from './DatastoreCharts.js';
import { queriesHtml } from './QueriesSection.js';
import { endpointsHtml, errorsHtml, headerHtml, metricsHtml, thresholdsHtml } from './ReportTables.js';
import { loadCharts, serverCharts } from './TimeSeriesCharts.js';
import { uplotAsset } from './UplotAsset.js';

/** Options of `renderHtmlReport`. */
export interface HtmlReportOptions {
  /** Page title and heading; default `loadline report: <target>`. */
  title?: string;
  /** A capacity search's ladder, drawn as its own section; default none. */
  capacity?: CapacityLadder;
  /** A spike run's recovery: its own section, and the header's badge says whether it recovered; default none. */
  spike?: SpikeSummary;
}

export const STYLE = `
:root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24; background: #fff; }
body { margin: 0 auto; max-width: 1100px; padding: 16px 24px 48px; }
h1 { font-size: 1.5rem; display: flex; gap: 12px; align-items: center; }
h2 { font-size: 1.15rem; margin-top: 32px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 8px 24px; }
dt { font-size: .75rem; text-transform: uppercase; color: #57606a; } dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.verdict { font-size: .9rem; padding: 2px 10px; border-radius: 12px; color: #fff; text-transform: uppercase; }
.verdict.passed { background: #1a7f37; } .verdict.failed { background: #cf222e; } .verdict.aborted, .verdict.interrupted { background: #9a6700; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: .9rem; }
th, td { padding: 4px 10px; border-bottom: 1px solid #d0d7de; text-align: left; } .num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #1a7f37; font-weight: 600; } .bad { color: #cf222e; font-weight: 600; } .warn { color: #9a6700; font-weight: 600; }
.chart { margin: 8px 0 24px; min-height: 300px; } .chart h3 { font-size: .95rem; margin: 0 0 4px; }
.note, .empty { color: #57606a; } footer { margin-top: 40px; color: #57606a; font-size: .8rem; } .series { padding-left: 1.5em; display: inline-block; }
`;

function chartSection(charts: readonly ChartSpec[]): string {
  return charts.map((c) => `<div class="chart"><h3>${escapeHtml(c.title)}</h3><div id="${escapeHtml(c.id)}" data-chart></div></div>`).join('\n');
}

/**
 * Renders a result file as one self-contained HTML page: scripts (uPlot included) and styles are
 * inlined, nothing is fetched, so it opens offline and can be attached to a CI run. Sections:
 * header with verdict, thresholds, charts over time, percentile curve, endpoints, checks by name
 * (when the result has them), the target's top statements over the run (when the result has
 * `queries`), errors by kind, server-side series and Redis/PostgreSQL series (when the result has
 * them) and a capacity ladder (when given).
 *
 * @example
 * import { readResult } from 'loadline/report';
 * const html = renderHtmlReport(await readResult('result.json'));
 * await writeFile('report.html', html);
 */
export function renderHtmlReport(result: RunResult, options: HtmlReportOptions = {}): string {
  const title = options.title ?? `loadline report: ${result.config.target}`;
  const load = loadCharts(result);
  const distribution = [percentileChart(result)];
  const server = serverCharts(result);
  const stores = datastoreCharts(result);
  const queries = queriesHtml(result);
  const capacity = options.capacity ? capacityCharts(options.capacity) : [];
  const metrics = metricsHtml(result);
  const checks = checksHtml(result);
  const charts = [...load, ...distribution, ...server, ...stores, ...capacity];
  const uplot = uplotAsset();
  const sections = [
    headerHtml(result, title, options.spike ? spikeBadge(options.spike) : undefined),
    options.spike ? `<section id="spike-recovery"><h2>Spike recovery</h2>${spikeHtml(options.spike)}</section>` : '',
    `<section id="thresholds"><h2>Thresholds</h2>${thresholdsHtml(result)}</section>`,
    `<section id="over-time"><h2>Over time</h2>${chartSection(load)}</section>`,
    `<section id="distribution"><h2>Latency distribution</h2>${chartSection(distribution)}</section>`,
    `<section id="endpoints"><h2>Endpoints</h2>${endpointsHtml(result)}</section>`,
    queries ? `<section id="queries"><h2>Top statements (server)</h2>${queries}</section>` : '',
    checks ? `<section id="checks"><h2>Checks</h2>${checks}</section>` : '',
    metrics ? `<section id="metrics"><h2>Checks and custom metrics</h2>${metrics}</section>` : '',
    `<section id="errors"><h2>Errors by kind</h2>${errorsHtml(result)}</section>`,
    server.length ? `<section id="server"><h2>Server (${escapeHtml(result.server!.source)})</h2>${chartSection(server)}</section>` : '',
    result.datastores ? `<section id="datastores"><h2>Redis and PostgreSQL</h2>${datastoresHtml(result)}${chartSection(stores)}</section>` : '',
    options.capacity ? `<section id="capacity"><h2>Capacity search</h2>${capacityHtml(options.capacity)}${chartSection(capacity)}</section>` : '',
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${uplot.css}</style>
<style>${STYLE}</style>
</head>
<body>
${sections.filter(Boolean).join('\n')}
<footer>Generated by loadline from a result written by ${escapeHtml(result.generator)} (${escapeHtml(result.startedAt)} to ${escapeHtml(result.endedAt)}).</footer>
<script id="loadline-charts" type="application/json">${jsonForScript(charts)}</script>
<script>${uplot.script.replace(/<\/script/gi, '<\\/script')}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
