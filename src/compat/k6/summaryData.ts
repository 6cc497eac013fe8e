import { createHash } from 'node:crypto';
import { SparseHistogram, type RunResult } from '../../core/index.js';
import type { MetricType } from '../../load/index.js';
import type { MetricRegistry } from '../../load/scenario/metrics/MetricRegistry.js';

/** k6's `handleSummary(data)` argument (and `--summary-export`'s source). */
export interface K6SummaryData {
  root_group: K6Group;
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  metrics: Record<string, K6SummaryMetric>;
  setup_data?: unknown;
}

export interface K6Group {
  name: string;
  path: string;
  id: string;
  groups: K6Group[];
  checks: Array<{ name: string; path: string; id: string; passes: number; fails: number }>;
}

export interface K6SummaryMetric {
  type: MetricType;
  contains: 'time' | 'data' | 'default';
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface SummaryInput {
  result: RunResult;
  metrics: MetricRegistry;
  /** Names of custom metrics declared as time trends (`new Trend(name, true)`), plus k6's own timing trends. */
  timeTrends: ReadonlySet<string>;
  /** Each check: its group path and name, and its label in `result.summary.checks.byName`. */
  checks: ReadonlyArray<{ group: string; name: string; label: string }>;
  /** Every group path the script entered. */
  groups: ReadonlySet<string>;
  trendStats: string[];
  timeUnit: string;
  setupData: unknown;
  /** Peak VUs of the run. */
  maxVus: number;
}

const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

/**
 * Builds k6's summary data from a loadline result and the script's metrics: `metrics.<name>`
 * with `{ type, contains, values, thresholds }` (k6's built-in names: `http_req_duration`,
 * `http_reqs`, `http_req_failed`, `checks`, `iterations`, `iteration_duration`, `vus`,
 * `data_received`, ..., and the script's own), `root_group` with its groups and checks,
 * `options`, `state` and `setup_data`.
 */
export function buildSummaryData(input: SummaryInput): K6SummaryData {
  const { result, metrics } = input;
  const s = result.summary;
  const seconds = Math.max(s.durationMs, 1) / 1000;
  const stats = input.trendStats.length ? input.trendStats : DEFAULT_TREND_STATS;
  const out: Record<string, K6SummaryMetric> = {};
  const total = s.total;
  let totalHist: SparseHistogram | undefined;
  try {
    totalHist = SparseHistogram.decode(result.histograms.total);
  } catch {
    totalHist = undefined;
  }
  out.http_req_duration = {
    type: 'trend',
    contains: 'time',
    values: trendValues(stats, { avg: total.latency.mean, min: total.latency.min, med: total.latency.p50, max: total.latency.max, count: total.requests }, (p) => (totalHist && total.requests > 0 ? Math.min(total.latency.max, totalHist.percentile(p) / 1000) : 0)),
  };
  const failed = Math.round(s.errorRate * total.requests);
  out.http_req_failed = { type: 'rate', contains: 'default', values: { rate: s.errorRate, passes: failed, fails: total.requests - failed } };
  out.http_reqs = { type: 'counter', contains: 'default', values: { count: total.requests, rate: total.requests / seconds } };
  if (total.bytesReceived !== undefined) out.data_received = { type: 'counter', contains: 'data', values: { count: total.bytesReceived, rate: total.bytesReceived / seconds } };
  if (total.bytesSent !== undefined) out.data_sent = { type: 'counter', contains: 'data', values: { count: total.bytesSent, rate: total.bytesSent / seconds } };
  if (s.iterations) out.iterations = { type: 'counter', contains: 'default', values: { count: s.iterations.count, rate: s.iterations.count / seconds } };
  if (s.iterations?.dropped) out.dropped_iterations = { type: 'counter', contains: 'default', values: { count: s.iterations.dropped, rate: s.iterations.dropped / seconds } };
  if (s.checks) out.checks = { type: 'rate', contains: 'default', values: { rate: s.checks.rate, passes: s.checks.passes, fails: s.checks.fails } };
  const vusPeak = Math.max(input.maxVus, ...result.series.points.map((p) => p.vus));
  const vusNow = result.series.points.at(-1)?.vus ?? 0;
  out.vus = { type: 'gauge', contains: 'default', values: { value: vusNow, min: Math.min(...result.series.points.map((p) => p.vus), vusNow), max: vusPeak } };
  out.vus_max = { type: 'gauge', contains: 'default', values: { value: input.maxVus, min: input.maxVus, max: input.maxVus } };

  for (const [name, type] of Object.entries(metrics.metrics)) {
    if (name === 'http_req_duration' || name === 'http_req_failed' || name === 'http_reqs') continue;
    const count = metrics.aggregate(name, { kind: 'count' }) ?? 0;
    let values: Record<string, number>;
    if (type === 'trend') values = trendValues(stats, { avg: metrics.aggregate(name, { kind: 'avg' }) ?? 0, min: metrics.aggregate(name, { kind: 'min' }) ?? 0, med: metrics.aggregate(name, { kind: 'med' }) ?? 0, max: metrics.aggregate(name, { kind: 'max' }) ?? 0, count }, (p) => metrics.aggregate(name, { kind: 'percentile', p }) ?? 0);
    else if (type === 'counter') values = { count: metrics.aggregate(name, { kind: 'count' }) ?? 0, rate: (metrics.aggregate(name, { kind: 'count' }) ?? 0) / seconds };
    else if (type === 'rate') {
      const rate = metrics.aggregate(name, { kind: 'rate' }) ?? 0;
      const passes = Math.round(rate * count);
      values = { rate, passes, fails: count - passes };
    } else values = { value: metrics.aggregate(name, { kind: 'value' }) ?? 0, min: metrics.aggregate(name, { kind: 'min' }) ?? 0, max: metrics.aggregate(name, { kind: 'max' }) ?? 0 };
    out[name] = { type, contains: type === 'trend' && input.timeTrends.has(name) ? 'time' : name.startsWith('data_') ? 'data' : 'default', values };
  }

  for (const t of result.thresholds) {
    const key = t.metric;
    const base = key.replace(/\{.*$/, '');
    const entry = (out[key] ??= { type: out[base]?.type ?? 'trend', contains: out[base]?.contains ?? 'default', values: t.observed === null ? {} : { value: t.observed } });
    const colon = t.expression.indexOf(':', t.expression.indexOf('}') + 1);
    const expr = t.expression.startsWith(key) || t.expression.startsWith(base) ? t.expression.slice(colon + 1).trim() : t.expression;
    (entry.thresholds ??= {})[expr] = { ok: t.ok };
  }

  return {
    root_group: groupTree(input.checks, input.groups, result),
    options: { summaryTrendStats: stats, summaryTimeUnit: input.timeUnit, noColor: false },
    state: { isStdOutTTY: Boolean(process.stdout.isTTY), isStdErrTTY: Boolean(process.stderr.isTTY), testRunDurationMs: s.durationMs },
    metrics: out,
    ...(input.setupData !== undefined ? { setup_data: input.setupData } : {}),
  };
}

function trendValues(stats: string[], known: { avg: number; min: number; med: number; max: number; count: number }, percentile: (p: number) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const stat of stats) {
    const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
    if (p) out[stat] = round(percentile(Number(p[1])));
    else if (stat === 'avg' || stat === 'min' || stat === 'med' || stat === 'max' || stat === 'count') out[stat] = round(known[stat]);
  }
  return out;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function groupTree(checks: SummaryInput['checks'], groups: ReadonlySet<string>, result: RunResult): K6Group {
  const byPath = new Map<string, K6Group>();
  const root: K6Group = { name: '', path: '', id: md5(''), groups: [], checks: [] };
  byPath.set('', root);
  const ensure = (path: string): K6Group => {
    const hit = byPath.get(path);
    if (hit) return hit;
    const cut = path.lastIndexOf('::');
    const parent = ensure(path.slice(0, cut));
    const g: K6Group = { name: path.slice(cut + 2), path, id: md5(path), groups: [], checks: [] };
    parent.groups.push(g);
    byPath.set(path, g);
    return g;
  };
  for (const path of groups) ensure(path);
  const byName = result.summary.checks?.byName ?? {};
  for (const c of checks) {
    const counts = byName[c.label];
    const path = `${c.group}::${c.name}`;
    ensure(c.group).checks.push({ name: c.name, path, id: md5(path), passes: counts?.passes ?? 0, fails: counts?.fails ?? 0 });
  }
  return root;
}
