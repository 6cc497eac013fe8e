import { formatBytes, type CustomMetricSummary, type EndpointSummary, type RunResult, type ThresholdResult } from '../../core/index.js';
import { formatChecks } from './formatChecks.js';
import { boxTable, tableWidth, wrapText } from './textTable.js';

const COLUMNS = ['Endpoint', 'Requests', 'RPS', 'Avg', 'P50', 'P95', 'P99', 'Max', 'Failed %', 'Status codes'] as const;
/** When the one table is too wide: latency in one table, counts and statuses in another. */
const LATENCY_COLUMNS = [0, 3, 4, 5, 6, 7];
const COUNT_COLUMNS = [0, 1, 2, 8, 9];

/** Options of `formatSummary`. */
export interface SummaryOptions {
  /** Columns to fit (a terminal's width); default unlimited. The CLI passes the terminal's, or 80. */
  width?: number;
}
const METRIC_COLUMNS = ['Custom metric', 'Type', 'Value', 'Details', 'Thresholds'] as const;
/** Tagged series printed under a metric; the rest are in the result file. Series with a threshold are always printed. */
export const SUMMARY_SERIES_SHOWN = 20;

function ms(v: number): string {
  return v >= 100 ? `${Math.round(v)}ms` : v >= 10 ? `${v.toFixed(1)}ms` : `${v.toFixed(2)}ms`;
}

function num(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

function row(e: EndpointSummary): string[] {
  const errPct = e.requests === 0 ? 0 : (e.errors.total / e.requests) * 100;
  const codes = Object.entries(e.statusCodes).map(([code, n]) => `${code}×${num(n)}`);
  const transport = (['refused', 'reset', 'timeout', 'dns', 'tls', 'other'] as const).filter((k) => (e.errors.byKind[k] ?? 0) > 0).map((k) => `${k}×${num(e.errors.byKind[k])}`);
  return [e.name, num(e.requests), num(e.rps), ms(e.latency.mean), ms(e.latency.p50), ms(e.latency.p95), ms(e.latency.p99), ms(e.latency.max), `${errPct.toFixed(2)}%`, [...codes, ...transport].join(' ') || '-'];
}

/**
 * The endpoint table: one table when it fits `width`; otherwise two, latency (avg to max) and
 * counts (requests, RPS, failed %, status codes), each wrapping its text columns to fit.
 */
function endpointTables(rows: string[][], width: number): string[] {
  const whole = boxTable(COLUMNS, rows);
  if (tableWidth(whole) <= width) return [whole];
  const pick = (columns: number[]) => [columns.map((i) => COLUMNS[i]!), rows.map((r) => columns.map((i) => r[i]!))] as const;
  const [latencyHead, latencyRows] = pick(LATENCY_COLUMNS);
  const [countHead, countRows] = pick(COUNT_COLUMNS);
  return [boxTable(latencyHead, latencyRows, new Set([0]), width), boxTable(countHead, countRows, new Set([0, 4]), width)];
}

/** `1 VU`, `10 VUs`. */
function vus(n: unknown): string {
  return `${String(n)} ${n === 1 ? 'VU' : 'VUs'}`;
}

/** A custom metric's total or one of its tagged series, as `MetricRegistry.summary()` writes them. */
type MetricEntry = CustomMetricSummary & { seriesOverflow?: number; min?: number; max?: number };

/** `p(95)<200` out of `api_response_time{endpoint:login}:p(95)<200`. */
function conditionOf(expression: string): string {
  const brace = expression.indexOf('}');
  const colon = expression.indexOf(':', brace === -1 ? 0 : brace);
  return colon === -1 ? expression : expression.slice(colon + 1).trim();
}

function mark(t: ThresholdResult): string {
  return t.ok ? 'PASS' : t.level === 'warn' ? 'WARN' : 'FAIL';
}

function plain(v: number): string {
  return Number.isInteger(v) ? num(v) : Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(2) : String(Number(v.toPrecision(3)));
}

/** Value and labelled detail parts of one row, by type (k6's end-of-test summary, in loadline's table). */
function metricCells(m: MetricEntry, seconds: number): [string, string[]] {
  switch (m.type) {
    case 'counter':
      return [plain(m.value), [`${plain(seconds > 0 ? m.value / seconds : 0)}/s`]];
    case 'rate': {
      const n = m.count ?? 0;
      const passes = Math.round((m.rate ?? m.value) * n);
      return [`${((m.rate ?? m.value) * 100).toFixed(2)}%`, [`✓ ${num(passes)}`, `✗ ${num(n - passes)}`]];
    }
    case 'trend': {
      const l = m.latency;
      if (!l || !m.count) return ['-', ['no samples']];
      return [`avg ${ms(m.value)}`, [`p50 ${ms(l.p50)}`, `p95 ${ms(l.p95)}`, `p99 ${ms(l.p99)}`, `max ${ms(l.max)}`]];
    }
    case 'gauge':
      if (!m.count) return ['-', ['no samples']];
      return [plain(m.value), [`min ${plain(m.min ?? m.value)}`, `max ${plain(m.max ?? m.value)}`]];
  }
}

/**
 * The custom metrics table: each metric's total, its tagged series indented under it, and the
 * thresholds judged on each row. A threshold whose filter names no single series gets a row of its own.
 */
function customMetricsTable(result: RunResult, width: number): string[] {
  const metrics = (result.summary.metrics ?? {}) as Record<string, MetricEntry>;
  const names = Object.keys(metrics);
  if (names.length === 0) return [];
  const seconds = result.summary.durationMs / 1000;
  const byKey = new Map<string, ThresholdResult[]>();
  for (const t of result.thresholds) {
    const base = t.metric.replace(/\{.*$/, '');
    if (metrics[base] === undefined) continue;
    byKey.set(t.metric, [...(byKey.get(t.metric) ?? []), t]);
  }
  const thresholdCell = (key: string) => (byKey.get(key) ?? []).map((t) => `${mark(t)} ${conditionOf(t.expression)}`).join(', ');
  type Row = { label: string; type: string; value: string; parts: string[]; thresholds: string };
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const name of names.filter((n) => !n.includes('{'))) {
    const total = metrics[name]!;
    rows.push({ label: name, type: total.type, ...cells(total), thresholds: thresholdCell(name) });
    const series = names.filter((k) => k.startsWith(`${name}{`));
    const filtered = [...byKey.keys()].filter((k) => k.startsWith(`${name}{`) && metrics[k] === undefined);
    const keys = [...new Set([...series, ...filtered])].sort();
    const shown = keys.filter((k, i) => byKey.has(k) || i < SUMMARY_SERIES_SHOWN);
    for (const key of shown) {
      const entry = metrics[key];
      const label = `  ${key.slice(name.length)}`;
      if (entry) rows.push({ label, type: entry.type, ...cells(entry), thresholds: thresholdCell(key) });
      else {
        const sampled = byKey.get(key)!.some((t) => t.observed !== null);
        rows.push({ label, type: total.type, value: '', parts: [sampled ? 'tag filter' : 'no samples'], thresholds: thresholdCell(key) });
      }
    }
    if (shown.length < keys.length) rows.push({ label: `  … ${num(keys.length - shown.length)} more tag sets`, type: '', value: '', parts: ['in the result file'], thresholds: '' });
    if (total.seriesOverflow) notes.push(`note: ${name}: ${num(total.seriesOverflow)} samples had tag sets past the per-metric limit; they count in ${name}'s total only`);
  }
  // Pads each detail part to the widest part at its position among rows of the same type, so the figures line up.
  const widths = new Map<string, number[]>();
  for (const r of rows) {
    const w = widths.get(r.type) ?? [];
    r.parts.forEach((p, i) => (w[i] = Math.max(w[i] ?? 0, p.length)));
    widths.set(r.type, w);
  }
  const body = rows.map((r) => [r.label, r.type, r.value, r.parts.map((p, i) => (i === r.parts.length - 1 ? p : p.padEnd(widths.get(r.type)![i]!))).join('  '), r.thresholds]);
  const whole = boxTable(METRIC_COLUMNS, body, new Set([0, 1, 3, 4]));
  if (tableWidth(whole) <= width) return [whole, ...notes];
  // Too wide: the Thresholds column goes (every threshold is listed with its verdict below), details wrap first.
  const narrow = boxTable(METRIC_COLUMNS.slice(0, 4), body.map((r) => r.slice(0, 4)), new Set([0, 1, 3]), width, [3, 0]);
  return [narrow, ...notes];

  function cells(m: MetricEntry): { value: string; parts: string[] } {
    const [value, parts] = metricCells(m, seconds);
    return { value, parts };
  }
}

/**
 * `profile spike (arrival rate, peak 200/s)`: which named profile drove the run, in users or arrivals.
 *
 * @example
 * describeProfile({ name: 'smoke', unit: 'users', peak: 10 }); // 'profile smoke (users, peak 10 VUs)'
 */
export function describeProfile(p: { name: string; unit: 'users' | 'rate'; peak?: number }): string {
  const rate = p.unit === 'rate';
  const peak = p.peak === undefined ? '' : `, peak ${plain(p.peak)}${rate ? '/s' : p.peak === 1 ? ' VU' : ' VUs'}`;
  return `profile ${p.name} (${rate ? 'arrival rate' : 'users'}${peak})`;
}

/** The result's `config.profile`, as `loadline run --profile` writes it; undefined when the run used none. */
function profileOf(config: RunResult['config']): string | undefined {
  const p = config.profile as { name?: unknown; unit?: unknown; peak?: unknown } | undefined;
  if (!p || typeof p.name !== 'string') return undefined;
  return describeProfile({ name: p.name, unit: p.unit === 'rate' ? 'rate' : 'users', peak: typeof p.peak === 'number' ? p.peak : undefined });
}

/**
 * The end-of-run summary: a table per endpoint and the total (RPS, avg, p50, p95, p99, max,
 * error %, status codes), each check by name with its pass rate (failing first) and the captures
 * that missed, a table of the scenario's custom metrics (counter: total and per second;
 * rate: percent, passes and fails; trend: avg, p50, p95, p99, max in ms; gauge: last, min, max;
 * tagged series indented under their metric, each row with its thresholds marked), the model's
 * caveat, and each threshold with its observed value. With `width`, tables and lines fit it:
 * the endpoint table splits in two, text cells and long lines wrap.
 *
 * @example
 * console.log(formatSummary(result, { width: process.stdout.columns ?? 80 }));
 */
export function formatSummary(result: RunResult, options: SummaryOptions = {}): string {
  const width = options.width ?? Infinity;
  const s = result.summary;
  const rows = s.endpoints.length === 1 && s.endpoints[0]!.requests === s.total.requests ? [row(s.endpoints[0]!)] : [...s.endpoints.map(row), row(s.total)];
  const out: string[] = [];
  const status = result.status === 'completed' ? '' : ` (${result.status.toUpperCase()})`;
  const stages = Array.isArray(result.config.stages) ? (result.config.stages as Array<{ target?: unknown }>) : [];
  const ramped = stages.length > 1 || stages.some((st) => st.target !== (s.model === 'open' ? result.config.rate : result.config.vus));
  const peakRate = Math.max(Number(result.config.rate ?? 0), ...stages.map((st) => Number(st.target) || 0));
  const profile = profileOf(result.config);
  const rate = profile ? '' : `${ramped ? `up to ${plain(peakRate)}` : result.config.rate ?? ''}/s, `;
  const load = s.model === 'closed' ? `${ramped ? 'up to ' : ''}${vus(result.config.vus)}` : `${rate}up to ${result.config.vus} in flight`;
  out.push(`${result.config.target}: ${s.model} model, ${profile ? `${profile}, ` : ''}${load}, ${(s.durationMs / 1000).toFixed(1)}s measured${status}`);
  out.push(...endpointTables(rows, width));
  const it = s.iterations;
  // "Failed %" counts a request once whatever failed it; http_req_failed leaves out failed checks, as k6 does.
  const failedShare = s.total.requests === 0 ? 0 : s.total.errors.total / s.total.requests;
  const extra =
    Math.abs(failedShare - s.errorRate) > 1e-9
      ? [`failed ${(failedShare * 100).toFixed(2)}% (status, transport error or check)`, `error rate ${(s.errorRate * 100).toFixed(2)}% (http_req_failed: checks not counted)`]
      : [`error rate ${(s.errorRate * 100).toFixed(2)}% (http_req_failed)`];
  if (it && s.model === 'open') extra.push(`${num(it.count)} iterations, ${num(it.dropped)} dropped`);
  if (s.total.bytesReceived !== undefined) {
    const perSecond = (n: number) => formatBytes(s.durationMs > 0 ? Math.round(n / (s.durationMs / 1000)) : 0);
    const sent = s.total.bytesSent ?? 0;
    extra.push(`data received ${formatBytes(s.total.bytesReceived)} (${perSecond(s.total.bytesReceived)}/s), sent ${formatBytes(sent)} (${perSecond(sent)}/s)`);
  }
  if (s.total.timings) {
    const t = s.total.timings;
    extra.push(`mean timings: blocked ${ms(t.blocked)}, connect ${ms(t.connect)}, tls ${ms(t.tls)}, ttfb ${ms(t.ttfb)}, receive ${ms(t.receive)}`);
  }
  const joined = extra.join('; ');
  out.push(...(joined.length <= width ? [joined] : extra));
  // The reason behind a count: a tls×952 with no text leaves the user guessing.
  for (const [kind, text] of Object.entries(s.total.errors.messages ?? {})) out.push(`first ${kind} error: ${text}`);
  out.push(...formatChecks(result));
  out.push(...customMetricsTable(result, width));
  if (s.modelNote) out.push(`note: ${s.modelNote}`);
  if (result.thresholds.length) {
    out.push('thresholds:');
    for (const t of result.thresholds) {
      const mark = t.ok ? 'PASS' : t.level === 'warn' ? 'WARN' : 'FAIL';
      out.push(`  ${mark} ${t.expression}  observed ${t.observed ?? 'none'}${t.reason && !t.ok ? `  (${t.reason})` : ''}`);
    }
  }
  // Tables fit already; every other line wraps, its continuation indented under its text.
  return out.flatMap((chunk) => (chunk.startsWith('┌') ? [chunk] : chunk.split('\n').flatMap((line) => wrapText(line, width, 2)))).join('\n');
}
