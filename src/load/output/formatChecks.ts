import type { RunResult } from '../../core/index.js';

/** Width the checks listing keeps within, in columns. */
const WIDTH = 80;
/** Checks listed by name; failing ones are always listed, passing ones until this many lines. */
export const SUMMARY_CHECKS_SHOWN = 20;

function num(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(2)}%`;
}

/**
 * The summary's checks listing, as k6 prints it: the `checks` rate, then each check by name with
 * ✓ (every run passed) or ✗, its pass rate and its counts. Failing checks come first (lowest pass
 * rate first), then the passing ones in scenario order; names are cut with … so that every line
 * stays within 80 columns. Then one line per capture that missed on some responses. Empty when
 * the run had no checks and no captures.
 *
 * @example
 * formatChecks(result);
 * // checks 80.00%  ✓ 24  ✗ 6
 * //   ✗ body contains "vip"      33.33%  ✓ 2  ✗ 4
 * //   ✓ login: status is 200    100.00%  ✓ 6  ✗ 0
 * // capture refresh: never matched in 6 of 6 responses
 */
export function formatChecks(result: RunResult): string[] {
  const out: string[] = [];
  const checks = result.summary.checks;
  if (checks) {
    out.push(`checks ${percent(checks.rate)}  ✓ ${num(checks.passes)}  ✗ ${num(checks.fails)}`);
    const all = Object.entries(checks.byName ?? {});
    const failing = all.filter(([, c]) => c.fails > 0).sort(([, a], [, b]) => a.rate - b.rate);
    const passing = all.filter(([, c]) => c.fails === 0);
    const shown = [...failing, ...passing.slice(0, Math.max(0, SUMMARY_CHECKS_SHOWN - failing.length))];
    const passWidth = Math.max(0, ...shown.map(([, c]) => num(c.passes).length));
    const counts = (passes: number, fails: number) => `✓ ${num(passes).padEnd(passWidth)}  ✗ ${num(fails)}`;
    const tail = Math.max(0, ...shown.map(([, c]) => counts(c.passes, c.fails).length));
    // '  ✗ ' + name + '  ' + '100.00%' + '  ' + counts
    const nameWidth = Math.min(Math.max(0, ...shown.map(([name]) => name.length)), Math.max(16, WIDTH - 4 - 2 - 7 - 2 - tail));
    for (const [name, c] of shown) {
      const label = name.length > nameWidth ? `${name.slice(0, nameWidth - 1)}…` : name.padEnd(nameWidth);
      out.push(`  ${c.fails > 0 ? '✗' : '✓'} ${label}  ${percent(c.rate).padStart(7)}  ${counts(c.passes, c.fails)}`);
    }
    if (shown.length < all.length) out.push(`  … ${num(all.length - shown.length)} more passing checks in the result file`);
  }
  for (const [name, c] of Object.entries(result.summary.captures ?? {})) {
    if (c.misses === 0) continue;
    out.push(`capture ${name}: ${c.misses === c.responses ? 'never matched' : 'matched nothing'} in ${num(c.misses)} of ${num(c.responses)} responses`);
  }
  return out;
}
