import { randomUUID } from 'node:crypto';
import type { K6SummaryData, K6SummaryMetric, K6Group } from './summaryData.js';

/**
 * Local equivalents of jslib.k6.io's `k6-utils` (resolved by URL, never fetched):
 * `randomIntBetween`, `randomItem`, `randomString`, `uuidv4`, `findBetween`.
 */
export function k6UtilsModule(random: () => number): Record<string, unknown> {
  const api: Record<string, unknown> = {
    randomIntBetween: (min: number, max: number) => Math.floor(random() * (Math.floor(max) - Math.ceil(min) + 1)) + Math.ceil(min),
    randomItem: (items: readonly unknown[]) => items[Math.floor(random() * items.length)],
    randomString: (length: number, charset = 'abcdefghijklmnopqrstuvwxyz') => {
      let s = '';
      for (let i = 0; i < length; i++) s += charset[Math.floor(random() * charset.length)];
      return s;
    },
    uuidv4: (secure = false) => (secure ? randomUUID() : insecureUuid(random)),
    findBetween: (content: string, left: string, right: string, repeat = false) => {
      const out: string[] = [];
      let from = 0;
      for (;;) {
        const a = content.indexOf(left, from);
        if (a === -1) break;
        const b = content.indexOf(right, a + left.length);
        if (b === -1) break;
        out.push(content.slice(a + left.length, b));
        if (!repeat) return out[0];
        from = b + right.length;
      }
      return repeat ? out : undefined;
    },
  };
  api.default = api;
  return api;
}

function insecureUuid(random: () => number): string {
  const hex = (n: number) => Math.floor(random() * 16 ** n).toString(16).padStart(n, '0');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${((8 + Math.floor(random() * 4)).toString(16))}${hex(3)}-${hex(12)}`;
}

/** Local equivalent of jslib.k6.io's `k6-summary`: `textSummary(data, { indent, enableColors })`. */
export function k6SummaryModule(): Record<string, unknown> {
  const api: Record<string, unknown> = { textSummary };
  api.default = api;
  return api;
}

/**
 * A text summary in k6's layout from `handleSummary`'s data: the checks by group (✓/✗ with pass
 * counts), then one dotted line per metric with its values, thresholds marked ✓ or ✗.
 */
export function textSummary(data: K6SummaryData, options: { indent?: string; enableColors?: boolean } = {}): string {
  const indent = options.indent ?? ' ';
  const color = options.enableColors === true;
  const green = (s: string) => (color ? `\x1b[32m${s}\x1b[0m` : s);
  const red = (s: string) => (color ? `\x1b[31m${s}\x1b[0m` : s);
  const lines: string[] = [];
  const group = (g: K6Group, depth: number) => {
    const pad = indent + '  '.repeat(depth);
    if (g.name) lines.push(`${pad}█ ${g.name}`, '');
    for (const c of g.checks) {
      const total = c.passes + c.fails;
      if (c.fails === 0) lines.push(`${pad}  ${green('✓')} ${c.name}`);
      else {
        lines.push(`${pad}  ${red('✗')} ${c.name}`);
        lines.push(`${pad}   ↳  ${total ? Math.round((c.passes / total) * 100) : 0}% — ✓ ${c.passes} / ✗ ${c.fails}`);
      }
    }
    if (g.checks.length) lines.push('');
    for (const sub of g.groups) group(sub, depth + 1);
  };
  group(data.root_group, 0);
  const names = Object.keys(data.metrics).sort();
  const width = Math.max(...names.map((n) => n.length), 10) + 3;
  for (const name of names) {
    const m = data.metrics[name]!;
    const failed = Object.values(m.thresholds ?? {}).some((t) => !t.ok);
    const mark = m.thresholds ? (failed ? red('✗') : green('✓')) : ' ';
    lines.push(`${indent}${mark} ${name}${'.'.repeat(Math.max(1, width - name.length))}: ${formatValues(m, data.options.summaryTrendStats)}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatValues(m: K6SummaryMetric, stats: string[]): string {
  const v = m.values;
  const unit = (x: number) => (m.contains === 'time' ? formatMs(x) : m.contains === 'data' ? formatBytes(x) : String(round(x)));
  switch (m.type) {
    case 'trend':
      return stats.filter((s) => s in v).map((s) => `${s}=${unit(v[s]!)}`).join(' ');
    case 'counter':
      return `${unit(v.count ?? 0)} ${round(v.rate ?? 0)}/s`;
    case 'rate':
      return `${round((v.rate ?? 0) * 100)}% ✓ ${v.passes ?? 0} ✗ ${v.fails ?? 0}`;
    default:
      return `${unit(v.value ?? 0)} min=${unit(v.min ?? 0)} max=${unit(v.max ?? 0)}`;
  }
}

function formatMs(ms: number): string {
  if (ms >= 1000) return `${round(ms / 1000)}s`;
  if (ms >= 1) return `${round(ms)}ms`;
  return `${round(ms * 1000)}µs`;
}

function formatBytes(b: number): string {
  if (b >= 1e6) return `${round(b / 1e6)} MB`;
  if (b >= 1e3) return `${round(b / 1e3)} kB`;
  return `${b} B`;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
