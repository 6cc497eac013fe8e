import { parseJsonPath, readJsonPath } from './jsonPath.js';
import type { NormalizedCapture } from '../compile/normalizedModel.js';
import type { ResponseView } from './ResponseView.js';

/** A capture, compiled: its JSON path parsed or regex built once. */
export interface CompiledCapture {
  readonly as: string;
  /** The captured value, or undefined when nothing matched. */
  extract(response: ResponseView): unknown;
  /** Stores the value (or the default) into `vars`; returns whether something matched. */
  apply(response: ResponseView, vars: Record<string, unknown>): boolean;
}

/**
 * @example
 * const token = compileCapture({ as: 'token', source: 'json', expression: '$.token', group: 0, default: undefined });
 * token.apply(view, vu.vars); // vu.vars.token = body.token
 */
export function compileCapture(capture: NormalizedCapture): CompiledCapture {
  let extract: (response: ResponseView) => unknown;
  if (capture.source === 'json') {
    const path = parseJsonPath(capture.expression)!;
    extract = (r) => readJsonPath(r.json(), path);
  } else if (capture.source === 'header') {
    const name = capture.expression;
    extract = (r) => r.header(name);
  } else {
    const regex = new RegExp(capture.expression);
    const group = capture.group;
    extract = (r) => regex.exec(r.body)?.[group];
  }
  return {
    as: capture.as,
    extract,
    apply(response, vars) {
      const value = extract(response);
      if (value !== undefined) {
        vars[capture.as] = value;
        return true;
      }
      if (capture.default !== undefined) vars[capture.as] = capture.default;
      return false;
    },
  };
}
