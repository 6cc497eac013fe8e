import { parseExpression } from '../../core/index.js';
import { parseThreshold, type Threshold } from '../stats/thresholds.js';

/** The metric a bare SLO such as `p(95)<127` is about. */
export const DEFAULT_SLO_METRIC = 'http_req_duration';

/**
 * Parses one SLO in the threshold grammar; a bare `p(95)<127` means `http_req_duration:p(95)<127`.
 * Bad text throws LOADLINE_INVALID_EXPRESSION naming `field` (`--slo` on the CLI) and the text.
 *
 * @example
 * parseSlo('p(95)<127', '--slo').expression.metric; // 'http_req_duration'
 */
export function parseSlo(text: string, field = 'slo'): Threshold {
  // Validates the text as written first, so an error quotes what the user typed.
  const bare = parseExpression(text, { field, defaultMetric: DEFAULT_SLO_METRIC });
  const hasMetric = typeof text === 'string' && bare.source.replace(/\{[^}]*\}/, '').includes(':');
  const threshold = parseThreshold(hasMetric ? text : `${DEFAULT_SLO_METRIC}:${text.trim()}`, { field });
  return { ...threshold, expression: { ...threshold.expression, source: bare.source } };
}

/** Parses a list of SLOs; a CLI flag (`--slo`) is named as is, an option gets its index (`slos[1]`). */
export function parseSlos(texts: readonly string[], field = 'slos'): Threshold[] {
  return texts.map((t, i) => parseSlo(t, field.startsWith('--') ? field : `${field}[${i}]`));
}

/**
 * The latency limit an SLO list sets on the per-interval series, for spike recovery: the first
 * untagged `http_req_duration` p(50), p(95) or p(99) SLO with `<` or `<=`.
 */
export function seriesLatencyLimit(slos: readonly Threshold[]): { percentile: 50 | 95 | 99; limitMs: number; expression: string } | undefined {
  for (const s of slos) {
    const e = s.expression;
    if (e.metric !== DEFAULT_SLO_METRIC || Object.keys(e.tags).length || e.aggregation.kind !== 'percentile') continue;
    const p = e.aggregation.p;
    if ((p === 50 || p === 95 || p === 99) && (e.operator === '<' || e.operator === '<=')) return { percentile: p, limitMs: e.value, expression: e.source };
  }
  return undefined;
}
