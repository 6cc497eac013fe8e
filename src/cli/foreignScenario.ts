import { readFileSync } from 'node:fs';
import { LoadlineError } from '../core/index.js';

/** A load script written for another tool, which loadline's scenario loader would reject field by field. */
export interface ForeignScenario {
  tool: 'k6' | 'Artillery';
  /** What gave it away, for the message: `it imports k6/http`. */
  evidence: string;
}

const K6_IMPORT = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)['"](k6(?:\/[\w./-]*)?)['"]/;

/**
 * Recognizes a k6 script (a JS/TS module importing `k6` or `k6/...`) or an Artillery file (YAML or
 * JSON with top-level `config` and `scenarios`), from the text alone, before any loading: their
 * users otherwise get `flows: expected this required field` or `Cannot find module 'k6/http'`.
 *
 * @example
 * detectForeignScenario('load.js', "import http from 'k6/http';"); // { tool: 'k6', evidence: 'it imports k6/http' }
 */
export function detectForeignScenario(file: string, text: string): ForeignScenario | undefined {
  if (/\.[cm]?[jt]s$/i.test(file)) {
    const m = K6_IMPORT.exec(text);
    return m ? { tool: 'k6', evidence: `it imports ${m[1]}` } : undefined;
  }
  if (/\.ya?ml$/i.test(file)) {
    if (/^config\s*:/m.test(text) && /^scenarios\s*:/m.test(text)) return { tool: 'Artillery', evidence: 'it has top-level config: and scenarios:' };
    return undefined;
  }
  if (/\.json$/i.test(file)) {
    try {
      const doc = JSON.parse(text) as unknown;
      if (doc !== null && typeof doc === 'object' && 'config' in doc && 'scenarios' in doc) return { tool: 'Artillery', evidence: 'it has top-level "config" and "scenarios"' };
    } catch {
      // Not JSON at all: the scenario loader says where.
    }
  }
  return undefined;
}

/**
 * Throws a usage error (exit 2) for a k6 script or an Artillery file given as a scenario, saying
 * what it is; a file that cannot be read is left to the scenario loader, which names the problem.
 */
export function rejectForeignScenario(file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  const found = detectForeignScenario(file, text);
  if (found === undefined) return;
  throw new LoadlineError(
    'LOADLINE_INVALID_FILE',
    `${file}: this is ${found.tool === 'k6' ? 'a k6 script' : 'an Artillery file'} (${found.evidence}); loadline does not run ${found.tool} files yet. Run it with ${found.tool === 'k6' ? 'k6' : 'artillery'}, or write it as a loadline scenario (TypeScript or YAML: docs/scenarios.md)`,
    { file, expected: 'a loadline scenario (docs/scenarios.md)' },
  );
}

/** A scenario's `import 'loadline/load'` that Node could not resolve from the scenario's folder. */
const MISSING_LOADLINE = /Cannot find (?:module|package) '(loadline(?:\/[\w-]+)?)'/;

/**
 * Adds how to fix it to a scenario load error caused by `loadline` not being installed where the
 * scenario lives (Node resolves a module's imports from its own folder upward, not from the CLI).
 */
export function withModuleHint(err: unknown, file: string): unknown {
  const message = err instanceof Error ? err.message : '';
  const m = MISSING_LOADLINE.exec(message);
  if (m === null) return err;
  const hint = `\nhint: ${file} imports '${m[1]}', and Node resolves a module's imports from the module's own folder upward (its node_modules), not from the loadline you ran. Install loadline in the scenario's project (npm install --save-dev loadline), or move the scenario into a project that has it; a YAML scenario needs no import.`;
  return err instanceof LoadlineError ? new LoadlineError(err.code, `${err.message}${hint}`, err.details, { cause: err }) : new LoadlineError('LOADLINE_INVALID_FILE', `${message}${hint}`, { file }, { cause: err });
}
