import type { EndpointSummary, RunResult } from '../core/index.js';

const COLUMNS = ['Endpoint', 'Requests', 'RPS', 'Avg', 'P50', 'P95', 'P99', 'Max', 'Error %', 'Status codes'] as const;

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

/** Draws rows as a box table (as in the seeds' result documents). */
function table(rows: string[][]): string {
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const cells = (r: readonly string[]) => '│' + r.map((c, i) => ` ${i === 0 || i === r.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)} `).join('│') + '│';
  return [line('┌', '┬', '┐'), cells(COLUMNS), line('├', '┼', '┤'), ...rows.map(cells), line('└', '┴', '┘')].join('\n');
}

/**
 * The end-of-run summary: a table per endpoint and the total (RPS, avg, p50, p95, p99, max,
 * error %, status codes), the model's caveat, and each threshold with its observed value.
 *
 * @example
 * console.log(formatSummary(result));
 */
export function formatSummary(result: RunResult): string {
  const s = result.summary;
  const rows = s.endpoints.length === 1 && s.endpoints[0]!.requests === s.total.requests ? [row(s.endpoints[0]!)] : [...s.endpoints.map(row), row(s.total)];
  const out: string[] = [];
  const status = result.status === 'completed' ? '' : ` (${result.status.toUpperCase()})`;
  const ramped = Array.isArray(result.config.stages) && result.config.stages.length > 1;
  const load = s.model === 'closed' ? `${ramped ? 'up to ' : ''}${result.config.vus} VUs` : `${result.config.rate ?? ''}/s, up to ${result.config.vus} in flight`;
  out.push(`${result.config.target}: ${s.model} model, ${load}, ${(s.durationMs / 1000).toFixed(1)}s measured${status}`);
  out.push(table(rows));
  const it = s.iterations;
  const extra = [`error rate ${(s.errorRate * 100).toFixed(2)}% (http_req_failed)`];
  if (it && s.model === 'open') extra.push(`${num(it.count)} iterations, ${num(it.dropped)} dropped`);
  if (s.total.timings) {
    const t = s.total.timings;
    extra.push(`mean timings: blocked ${ms(t.blocked)}, connect ${ms(t.connect)}, tls ${ms(t.tls)}, ttfb ${ms(t.ttfb)}, receive ${ms(t.receive)}`);
  }
  out.push(extra.join('; '));
  if (s.modelNote) out.push(`note: ${s.modelNote}`);
  if (result.thresholds.length) {
    out.push('thresholds:');
    for (const t of result.thresholds) {
      const mark = t.ok ? 'PASS' : t.level === 'warn' ? 'WARN' : 'FAIL';
      out.push(`  ${mark} ${t.expression}  observed ${t.observed ?? 'none'}${t.reason && !t.ok ? `  (${t.reason})` : ''}`);
    }
  }
  return out.join('\n');
}
