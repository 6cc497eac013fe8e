import type { DemoReport } from './DemoReport.js';

/** One row of the before/after table: the metric, both figures, and how many times better. */
export interface BeforeAfterRow {
  metric: string;
  naive: string;
  optimized: string;
  /** `27x`, or '' when it does not apply. */
  improvement: string;
}

const rate = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : String(Math.round(v * 10) / 10));
const ms = (v: number | undefined) => (v === undefined ? 'n/a' : v >= 100 ? `${Math.round(v).toLocaleString('en-US')} ms` : v >= 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`);
const mb = (v: number | undefined) => (v === undefined ? 'n/a' : `${Math.round(v / 1e6)} MB`);

function times(before: number | null | undefined, after: number | null | undefined, higherIsBetter: boolean): string {
  if (before === null || before === undefined || after === null || after === undefined) return '';
  const r = higherIsBetter ? after / before : before / after;
  if (!Number.isFinite(r) || r <= 0) return '';
  return r >= 10 ? `${Math.round(r)}x` : `${r.toFixed(1)}x`;
}

/** The rows of seed 003's "Current vs Target Metrics", measured: naive is "current", optimized the "target". */
export function beforeAfterRows(report: DemoReport): BeforeAfterRow[] {
  const n = report.naive;
  const p = report.optimized;
  const slo = report.slos.join(', ');
  const maxOf = (s: typeof n) => (s?.maxSustainable === null || s === undefined ? 'none met the SLOs' : `${s.maxSustainableAtLeast ? 'at least ' : ''}${rate(s.maxSustainable)}/s`);
  const rows: BeforeAfterRow[] = [{ metric: `Max sustainable RPS (${slo})`, naive: n ? maxOf(n) : 'not measured', optimized: p ? maxOf(p) : 'not measured', improvement: times(n?.maxSustainable, p?.maxSustainable, true) }];
  const at = n?.atNaiveMax?.rate;
  if (at !== undefined) {
    const a = n!.atNaiveMax!;
    const b = p?.atNaiveMax;
    rows.push(
      { metric: `P95 latency at ${rate(at)} RPS (naive's max)`, naive: ms(a.p95Ms), optimized: ms(b?.p95Ms), improvement: times(a.p95Ms, b?.p95Ms, false) },
      { metric: `Event-loop delay p99 at ${rate(at)} RPS`, naive: ms(a.eventLoopP99Ms), optimized: ms(b?.eventLoopP99Ms), improvement: times(a.eventLoopP99Ms, b?.eventLoopP99Ms, false) },
      { metric: `Memory (RSS) at ${rate(at)} RPS`, naive: mb(a.rssBytes), optimized: mb(b?.rssBytes), improvement: times(a.rssBytes, b?.rssBytes, false) },
    );
  }
  const nl = n?.diagnosis?.logins;
  const pl = p?.diagnosis?.logins;
  if (nl || pl) rows.push({ metric: 'Event-loop delay p99 during logins', naive: ms(nl?.eventLoopP99Ms), optimized: ms(pl?.eventLoopP99Ms), improvement: times(nl?.eventLoopP99Ms, pl?.eventLoopP99Ms, false) });
  const bp = (s: typeof n) => (s?.capacity.breakingPoint ? `${rate(s.capacity.breakingPoint.rate)}/s` : 'not reached');
  rows.push({ metric: 'Breaking point', naive: n ? bp(n) : 'not measured', optimized: p ? bp(p) : 'not measured', improvement: '' });
  return rows;
}

/** The rows as a Markdown table (it reads as a table in a terminal too). */
export function formatBeforeAfter(report: DemoReport): string {
  const rows = beforeAfterRows(report);
  const header: BeforeAfterRow = { metric: 'Metric', naive: 'Naive', optimized: 'Optimized', improvement: 'Improvement' };
  const all = [header, ...rows];
  const w = (k: keyof BeforeAfterRow) => Math.max(...all.map((r) => r[k].length));
  const line = (r: BeforeAfterRow) => `| ${r.metric.padEnd(w('metric'))} | ${r.naive.padStart(w('naive'))} | ${r.optimized.padStart(w('optimized'))} | ${r.improvement.padStart(w('improvement'))} |`;
  const rule = `|${'-'.repeat(w('metric') + 2)}|${'-'.repeat(w('naive') + 1)}:|${'-'.repeat(w('optimized') + 1)}:|${'-'.repeat(w('improvement') + 1)}:|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
