import { isDeepStrictEqual } from 'node:util';
import { parseJsonPath, readJsonPath } from './json-path.js';
import type { VuContext } from './model.js';
import type { NormalizedCheck } from './normalized-model.js';
import type { ResponseView } from './response-view.js';

/** A check, compiled once: regexes built, JSON paths parsed. */
export interface CompiledCheck {
  readonly name: string;
  /** Whether the check needs the response body kept. */
  readonly needsBody: boolean;
  test(response: ResponseView, vu: VuContext): boolean;
}

type Test = (response: ResponseView, vu: VuContext) => boolean;

/**
 * @example
 * const ok = compileCheck({ name: 'status is 200', status: [200], header: undefined, body: undefined, maxDurationMs: undefined, fn: undefined });
 * ok.test(view, vu); // true for a 200
 */
export function compileCheck(check: NormalizedCheck): CompiledCheck {
  const tests: Test[] = [];
  let needsBody = false;
  if (check.status) {
    const allowed = check.status;
    tests.push(allowed.length === 1 ? (r) => r.status === allowed[0] : (r) => allowed.includes(r.status));
  }
  if (check.header) {
    const { equals, matches, present } = check.header;
    const name = check.header.name.toLowerCase();
    const regex = matches === undefined ? undefined : new RegExp(matches);
    tests.push((r) => {
      const v = r.header(name);
      if (equals !== undefined && v !== equals) return false;
      if (regex && (v === undefined || !regex.test(v))) return false;
      if (present === false) return v === undefined;
      return v !== undefined;
    });
  }
  const body = check.body;
  if (typeof body === 'function') {
    needsBody = true;
    tests.push((r) => {
      try {
        return body(r.body, r) === true;
      } catch {
        return false;
      }
    });
  } else if (body) {
    needsBody = true;
    const { contains, matches, json, equals } = body;
    const regex = matches === undefined ? undefined : new RegExp(matches);
    const path = json === undefined ? undefined : parseJsonPath(json)!;
    const hasEquals = 'equals' in body && equals !== undefined;
    // A primitive expected value (the common `equals: true`) is compared with Object.is (what deep equality does for primitives), not the deep walk.
    const same: (v: unknown) => boolean = equals !== null && typeof equals === 'object' ? (v) => isDeepStrictEqual(v, equals) : (v) => Object.is(v, equals);
    tests.push((r) => {
      if (contains !== undefined && !r.body.includes(contains)) return false;
      if (regex && !regex.test(r.body)) return false;
      if (path) {
        const v = readJsonPath(r.json(), path);
        if (v === undefined) return false;
        if (hasEquals && !same(v)) return false;
      }
      return true;
    });
  }
  if (check.maxDurationMs !== undefined) {
    const max = check.maxDurationMs;
    tests.push((r) => r.durationMs < max);
  }
  if (check.fn) {
    needsBody = true;
    const fn = check.fn;
    tests.push((r, vu) => {
      try {
        return fn(r, vu) === true;
      } catch {
        return false;
      }
    });
  }
  return {
    name: check.name,
    needsBody,
    test(response, vu) {
      for (let i = 0; i < tests.length; i++) if (!tests[i]!(response, vu)) return false;
      return true;
    },
  };
}
