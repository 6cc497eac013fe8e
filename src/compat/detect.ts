import { readFileSync } from 'node:fs';
import type { ForeignTool } from './plan.js';

/** A script written for another tool, and what gave it away. */
export interface ForeignScript {
  tool: ForeignTool;
  /** For messages: `it imports k6/http`. */
  evidence: string;
}

const K6_IMPORT = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)['"](k6(?:\/[\w./-]*)?)['"]/;

/**
 * Recognizes a k6 script (a JS/TS module importing `k6` or `k6/...`) or an Artillery script
 * (YAML or JSON with top-level `config` and `scenarios`) from its text, before any loading.
 *
 * @example
 * detectForeignScript('load.js', "import http from 'k6/http';"); // { tool: 'k6', evidence: 'it imports k6/http' }
 */
export function detectForeignScript(file: string, text: string): ForeignScript | undefined {
  if (/\.[cm]?[jt]s$/i.test(file)) {
    const m = K6_IMPORT.exec(text);
    return m ? { tool: 'k6', evidence: `it imports ${m[1]}` } : undefined;
  }
  if (/\.ya?ml$/i.test(file)) {
    if (/^config\s*:/m.test(text) && /^scenarios\s*:/m.test(text)) return { tool: 'artillery', evidence: 'it has top-level config: and scenarios:' };
    return undefined;
  }
  if (/\.json$/i.test(file)) {
    try {
      const doc = JSON.parse(text) as unknown;
      if (doc !== null && typeof doc === 'object' && 'config' in doc && 'scenarios' in doc) return { tool: 'artillery', evidence: 'it has top-level "config" and "scenarios"' };
    } catch {
      // Not JSON at all: whoever loads it says where.
    }
  }
  return undefined;
}

/** `detectForeignScript` on a file; undefined when it cannot be read (the loader then says why). */
export function detectForeignFile(file: string): ForeignScript | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return detectForeignScript(file, text);
}

const SET_EXPORT = /^\s*export\s+(?:const|let|var)\s+scenarios\b|^\s*export\s*\{[^}]*\bscenarios\b[^}]*\}/m;

/**
 * Recognizes a loadline scenario set (a JS/TS module that exports `scenarios`, and no k6 import)
 * from its file, before any loading; `loadline run` runs it with `planScenarioSet`.
 *
 * @example
 * detectScenarioSet('shop.ts'); // { tool: 'scenarios', evidence: 'it exports scenarios' }
 */
export function detectScenarioSet(file: string): ForeignScript | undefined {
  if (!/\.[cm]?[jt]s$/i.test(file)) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (K6_IMPORT.test(text) || !SET_EXPORT.test(text)) return undefined;
  return { tool: 'scenarios', evidence: 'it exports scenarios' };
}
