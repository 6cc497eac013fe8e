import type { ChartSpec } from './ChartSpec.js';
import { escapeHtml, jsonForScript } from './HtmlEscape.js';
import { REPORT_SCRIPT } from './ReportScript.js';
import { uplotAsset } from './UplotAsset.js';

/** The stylesheet of every report page; a page may add its own rules after it. */
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

/** The placeholders of `charts` in a page: a heading and an element the report script draws the chart into. */
export function chartDivs(charts: readonly ChartSpec[]): string {
  return charts.map((c) => `<div class="chart"><h3>${escapeHtml(c.title)}</h3><div id="${escapeHtml(c.id)}" data-chart></div></div>`).join('\n');
}

/** What a report page holds besides the frame all of them share. */
export interface ReportPageContent {
  /** The page's title (plain text, escaped here). */
  title: string;
  /** CSS added after `STYLE`; default none. */
  style?: string;
  /** The page's HTML, already escaped, between `<body>` and the scripts. */
  body: string;
  /** The specs of the charts whose placeholders (`chartDivs`) the body holds. */
  charts: readonly ChartSpec[];
}

/**
 * A self-contained report page: a CSP that allows inline scripts and styles only, uPlot's script and
 * stylesheet inlined (nothing is fetched, so it opens offline), the body, then the chart specs and
 * the script that draws them.
 */
export function reportPage(page: ReportPageContent): string {
  const uplot = uplotAsset();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(page.title)}</title>
<style>${uplot.css}</style>
<style>${STYLE}${page.style ?? ''}</style>
</head>
<body>
${page.body}
<script id="loadline-charts" type="application/json">${jsonForScript(page.charts)}</script>
<script>${uplot.script.replace(/<\/script/gi, '<\\/script')}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
