/** Warn and error levels of one budget; a value past `warn` warns, past `error` fails. */
export interface Limit {
  warn?: number;
  error?: number;
}

export interface BundleBudget {
  /** Label in reports; default the globs joined. */
  name: string;
  /** Globs relative to the budget's root (the budget file's directory). */
  files: string[];
  /** Byte limits on the summed sizes of the matched files. */
  raw?: Limit;
  gzip?: Limit;
  brotli?: Limit;
}

export interface ApiBudget {
  /** `total` (default) or an endpoint name of the result. */
  endpoint: string;
  /** Milliseconds. */
  p95?: Limit;
  p99?: Limit;
  /** Fraction of failed requests, 0..1. */
  errorRate?: Limit;
  /** Minimum requests per second: below `warn` warns, below `error` fails. */
  rps?: Limit;
}

export type LighthouseMetric = 'fcp' | 'lcp' | 'cls' | 'tbt' | 'tti';

export interface LighthouseBudget {
  /** Directory or glob of Lighthouse JSON results (relative to root); the CLI's `--lighthouse` overrides it. */
  results?: string;
  /** Limits per metric: milliseconds, CLS unitless. Every metric has a default (seed 002). */
  limits: Record<LighthouseMetric, Limit>;
}

/** A validated budget, units resolved (bytes, milliseconds, fractions). */
export interface Budget {
  /** Directory globs and relative paths resolve against. */
  root: string;
  /** File it came from, for messages. */
  file?: string;
  bundles: BundleBudget[];
  api: ApiBudget[];
  /** Threshold expressions judged against the result, e.g. `http_req_duration{name:GET /}:p(95)<200`. */
  slos: string[];
  lighthouse?: LighthouseBudget;
}

/**
 * Seed 002's numbers. Bundles: initial JS 500 KB (warn 400 KB), CSS 100 KB (warn 80 KB), total
 * 2 MB (warn 1.5 MB). Lighthouse: warn above the target, error above the warning value.
 * TBT is not in the seed: Lighthouse's own good/poor marks (200 ms / 600 ms) are used.
 */
export const BUNDLE_PRESETS: Record<'initial-js' | 'css' | 'total', Limit> = {
  'initial-js': { warn: 400_000, error: 500_000 },
  css: { warn: 80_000, error: 100_000 },
  total: { warn: 1_500_000, error: 2_000_000 },
};

export const LIGHTHOUSE_DEFAULTS: Record<LighthouseMetric, Limit> = {
  fcp: { warn: 1500, error: 2000 },
  lcp: { warn: 2500, error: 3000 },
  cls: { warn: 0.1, error: 0.15 },
  tbt: { warn: 200, error: 600 },
  tti: { warn: 3500, error: 5000 },
};

export type BudgetLevel = 'pass' | 'warn' | 'error';

/** One checked budget line. */
export interface BudgetCheck {
  kind: 'bundle' | 'api' | 'slo' | 'lighthouse';
  /** What was measured: a bundle name, an endpoint, an SLO, a Lighthouse metric. */
  name: string;
  /** `raw`, `gzip`, `brotli`, `p95`, `errorRate`, `median LCP`... */
  metric: string;
  /** Measured value; null when nothing could be measured (a glob matched nothing, an endpoint is missing). */
  value: number | null;
  unit: 'bytes' | 'ms' | 'ratio' | 'rps' | 'score';
  limit: Limit;
  /** True when a higher value is better (throughput). */
  higherIsBetter?: boolean;
  /** An SLO's own comparison (`<`, `>=`, ...), printed as written; budgets print `≤`, or `≥` for minimums. */
  operator?: '<' | '<=' | '>' | '>=' | '==' | '!=';
  level: BudgetLevel;
  detail?: string;
}

export interface BudgetReport {
  verdict: BudgetLevel;
  checks: BudgetCheck[];
}

/** The level of `value` against a limit. */
export function levelOf(value: number, limit: Limit, higherIsBetter = false): BudgetLevel {
  const past = (bound: number | undefined) => bound !== undefined && (higherIsBetter ? value < bound : value > bound);
  return past(limit.error) ? 'error' : past(limit.warn) ? 'warn' : 'pass';
}
