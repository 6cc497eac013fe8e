import { capacityCharts, capacityHtml, type CapacityLadder } from './CapacityLadder.js';
import type { ChartSpec } from './ChartSpec.js';
import { escapeHtml, htmlTable } from './HtmlEscape.js';
import { chartDivs, reportPage } from './ReportPage.js';

/** One column of the comparison: a labelled capacity ladder and what explains it. */
export interface ComparedLadder {
  /** Column heading, e.g. `naive`. */
  label: string;
  ladder: CapacityLadder;
  /** Plain text under the ladder (shown preformatted, escaped), e.g. a diagnosis; default none. */
  notes?: string;
}

/** Options of `renderLadderComparison`. */
export interface LadderComparisonOptions {
  /** Page title and heading. Required. */
  title: string;
  /** Plain-text paragraphs under the heading; default none. */
  intro?: readonly string[];
  /** A table of plain-text cells above the ladders (first column a label, the others figures); default none. */
  table?: { header: readonly string[]; rows: ReadonlyArray<readonly string[]> };
  /** The ladders, side by side on a wide screen, one under the other on a narrow one. At least one. */
  ladders: readonly ComparedLadder[];
  /** Footer text; default none. */
  footer?: string;
}

const COMPARISON_STYLE = `
body { max-width: 1500px; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 0 32px; }
.columns > section { min-width: 0; }
pre.notes { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; padding: 8px 12px; border-radius: 6px; font-size: .8rem; }
`;

/**
 * Renders capacity ladders side by side as one self-contained page (uPlot and styles inlined,
 * nothing fetched): a table over them (a before/after comparison), then per ladder its verdict,
 * its table of steps, its charts (achieved and latency against offered load) and notes.
 *
 * @example
 * const html = renderLadderComparison({
 *   title: 'before and after',
 *   ladders: [{ label: 'before', ladder: before }, { label: 'after', ladder: after }],
 * });
 */
export function renderLadderComparison(options: LadderComparisonOptions): string {
  const charts: ChartSpec[] = [];
  const columns = options.ladders.map((c, i) => {
    // Each ladder's charts get their own element ids: the page holds several.
    const own = capacityCharts(c.ladder).map((spec) => ({ ...spec, id: `${spec.id}-${i}`, title: `${c.label}: ${spec.title}` }));
    charts.push(...own);
    return `<section data-testid="ladder-${i}"><h2>${escapeHtml(c.label)}</h2>${capacityHtml(c.ladder)}${chartDivs(own)}${c.notes ? `<pre class="notes">${escapeHtml(c.notes)}</pre>` : ''}</section>`;
  });
  const table = options.table ? htmlTable('comparison', options.table.header, options.table.rows.map((r) => r.map((cell) => escapeHtml(cell)))) : '';
  return reportPage({
    title: options.title,
    style: COMPARISON_STYLE,
    body: `<h1>${escapeHtml(options.title)}</h1>
${(options.intro ?? []).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${table}
<div class="columns">
${columns.join('\n')}
</div>
${options.footer ? `<footer>${escapeHtml(options.footer)}</footer>` : ''}`,
    charts,
  });
}
