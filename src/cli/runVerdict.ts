import type { RunResult } from '../core/index.js';

/**
 * What `loadline run` adds around the summary so that a run never passes silently: hints that
 * name the flag that fixes a failure, the loud warning for a run where every request failed and
 * nothing judged it, and the verdict lines `--quiet` still prints.
 */

/** Hints printed after the summary, one line each. */
export function runHints(result: RunResult, { insecure }: { insecure: boolean }): string[] {
  const hints: string[] = [];
  const byKind = result.summary.total.errors.byKind;
  if (byKind.tls > 0 && !insecure && String(result.config.target ?? '').startsWith('https:')) {
    hints.push("hint: the TLS handshake failed (see the first tls error); a test server's self-signed certificate is accepted with --insecure (-k), which skips verification: never against production");
  }
  return hints;
}

/**
 * The warning for a run in which every request failed and no error-level threshold judged it:
 * without one it exits 0, which a pipeline reads as a pass.
 */
export function allFailedWarning(result: RunResult): string | undefined {
  const total = result.summary.total;
  if (total.requests === 0 || total.errors.total < total.requests) return undefined;
  if (result.thresholds.some((t) => t.level === 'error')) return undefined;
  const kinds = Object.entries(total.errors.byKind)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k}×${n}`)
    .join(' ');
  return `loadline: WARNING: every request failed (${kinds}) and no threshold judged the run, so it exits 0; add --threshold 'http_req_failed:rate<0.01' to fail it`;
}

/** What `--quiet` prints: nothing for a pass, the failed thresholds and how the run ended otherwise. */
export function quietVerdict(result: RunResult): string[] {
  const lines: string[] = [];
  if (result.status !== 'completed') lines.push(`loadline: run ${result.status}`);
  for (const t of result.thresholds) {
    if (t.ok || t.level !== 'error') continue;
    lines.push(`loadline: FAIL ${t.expression}  observed ${t.observed ?? 'none'}${t.reason ? `  (${t.reason})` : ''}${t.abortOnFail && result.status === 'aborted' ? '  (aborted the run)' : ''}`);
  }
  return lines;
}
