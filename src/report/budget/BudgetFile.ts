import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  assertMatchesSchema,
  compileSchema,
  invalidInput,
  parseBytes,
  parseDuration,
  parseExpression,
  parsePercent,
  readDataFile,
  type DataFile,
} from '../../core/index.js';
import { BUNDLE_PRESETS, LIGHTHOUSE_DEFAULTS, type Budget, type LighthouseMetric, type Limit } from './Budget.js';
import { budgetSchema, type BudgetFileInput, type LimitInput } from './BudgetSchema.js';

/** File names `loadline budget` looks for when none is given, in this order. */
export const BUDGET_FILE_NAMES = ['loadline.budget.json', 'loadline.budget.yaml', 'loadline.budget.yml'];

let validate: ReturnType<typeof compileSchema<BudgetFileInput>> | undefined;

type Parse = (value: unknown, field: string, where: { file?: string; line?: number }) => number;

function limit(input: LimitInput<string | number> | undefined, path: Array<string | number>, parse: Parse, src: DataFile, base?: Limit): Limit | undefined {
  if (input === undefined) return base;
  const where = (p: Array<string | number>) => ({ file: src.file, line: src.lineOf(p) });
  const field = (p: Array<string | number>) => p.map((x) => (typeof x === 'number' ? `[${x}]` : `.${x}`)).join('').slice(1);
  if (typeof input === 'object') {
    const out: Limit = {};
    if (input.warn !== undefined) out.warn = parse(input.warn, field([...path, 'warn']), where([...path, 'warn']));
    if (input.error !== undefined) out.error = parse(input.error, field([...path, 'error']), where([...path, 'error']));
    if (out.warn !== undefined && out.error !== undefined && out.warn > out.error && path[path.length - 1] !== 'rps') {
      throw invalidInput({ ...where(path), field: field(path), value: input, expected: 'warn at or below error' }, 'LOADLINE_INVALID_FILE');
    }
    return out;
  }
  return { error: parse(input, field(path), where(path)) };
}

const bytes: Parse = (v, f, w) => parseBytes(v, f, w);

/** Durations carry a unit, as in scenarios and thresholds: a bare `p99: 100` could mean ms or s. */
const ms: Parse = (v, f, w) => {
  if (typeof v === 'number') throw invalidInput({ ...w, field: f, value: v, expected: `a duration with a unit, such as ${v}ms or 1.5s (a bare number could be ms or s)` }, 'LOADLINE_INVALID_FILE');
  return parseDuration(v, f, w);
};

/**
 * A rate is `1%` or a fraction below 1 (`0.01`); a bare number of 1 or more is refused: `1` read
 * as a fraction is 100 % (a budget that can never fail), `5` could mean 5 % or nothing sensible.
 */
const fraction: Parse = (v, f, w) => {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  const expected = 'a percentage such as 1% or a fraction below 1 such as 0.01';
  if (/^\d+(?:\.\d+)?$/.test(text) && Number(text) >= 1) throw invalidInput({ ...w, field: f, value: v, expected: `${expected} (a bare ${text} is ambiguous: as a fraction it means ${Number(text) * 100}%)` }, 'LOADLINE_INVALID_FILE');
  let n: number;
  try {
    n = parsePercent(v, f, w);
  } catch {
    throw invalidInput({ ...w, field: f, value: v, expected }, 'LOADLINE_INVALID_FILE');
  }
  if (n > 1) throw invalidInput({ ...w, field: f, value: v, expected: `${expected}, at most 100%` }, 'LOADLINE_INVALID_FILE');
  return n;
};
const plain: Parse = (v) => v as number;

/**
 * Validates a parsed budget file against the schema and resolves its units. `root` (default the
 * file's directory) is where bundle globs and the Lighthouse results path resolve.
 */
export function parseBudget(src: DataFile, root = dirname(resolve(src.file))): Budget {
  validate ??= compileSchema<BudgetFileInput>(budgetSchema);
  const input = assertMatchesSchema(validate, src);
  const budget: Budget = { root, file: src.file, bundles: [], api: [], slos: [] };
  for (const [i, b] of (input.bundles ?? []).entries()) {
    const files = typeof b.files === 'string' ? [b.files] : b.files;
    const preset = b.preset ? BUNDLE_PRESETS[b.preset] : undefined;
    const raw = limit(b.raw, ['bundles', i, 'raw'], bytes, src, preset);
    const gzip = limit(b.gzip, ['bundles', i, 'gzip'], bytes, src);
    const brotli = limit(b.brotli, ['bundles', i, 'brotli'], bytes, src);
    if (!raw && !gzip && !brotli) {
      throw invalidInput({ file: src.file, line: src.lineOf(['bundles', i]), field: `bundles[${i}]`, expected: 'at least one of raw, gzip, brotli or preset' }, 'LOADLINE_INVALID_FILE');
    }
    budget.bundles.push({ name: b.name ?? files.join(', '), files, ...(raw ? { raw } : {}), ...(gzip ? { gzip } : {}), ...(brotli ? { brotli } : {}) });
  }
  for (const [i, a] of (input.api ?? []).entries()) {
    const p = (k: string) => ['api', i, k];
    budget.api.push({
      endpoint: a.endpoint ?? 'total',
      ...(a.p95 !== undefined ? { p95: limit(a.p95, p('p95'), ms, src) } : {}),
      ...(a.p99 !== undefined ? { p99: limit(a.p99, p('p99'), ms, src) } : {}),
      ...(a.errorRate !== undefined ? { errorRate: limit(a.errorRate, p('errorRate'), fraction, src) } : {}),
      ...(a.rps !== undefined ? { rps: limit(a.rps, p('rps'), plain, src) } : {}),
    });
  }
  for (const [i, slo] of (input.slos ?? []).entries()) {
    parseExpression(slo, { field: `slos[${i}]`, file: src.file, defaultMetric: 'http_req_duration' });
    budget.slos.push(slo);
  }
  if (input.lighthouse) {
    const lh = input.lighthouse;
    const limits = { ...LIGHTHOUSE_DEFAULTS };
    for (const metric of Object.keys(LIGHTHOUSE_DEFAULTS) as LighthouseMetric[]) {
      const parsed = limit(lh[metric], ['lighthouse', metric], metric === 'cls' ? plain : ms, src);
      if (parsed) limits[metric] = parsed;
    }
    budget.lighthouse = { limits, ...(lh.results ? { results: lh.results } : {}) };
  }
  return budget;
}

/** Reads and validates a budget file (JSON or YAML). */
export async function readBudgetFile(file: string): Promise<Budget> {
  return parseBudget(await readDataFile(file));
}

/** The first of `BUDGET_FILE_NAMES` present in `dir`, or undefined. */
export function findBudgetFile(dir: string): string | undefined {
  return BUDGET_FILE_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
}
