import { isDeepStrictEqual } from 'node:util';
import { parseJsonPath, readJsonPath } from './jsonPath.js';
import type { VuContext } from '../model.js';
import type { NormalizedCheck } from '../compile/normalizedModel.js';
import type { ResponseView } from './ResponseView.js';
import { compileTemplate, type TemplateScope } from '../compile/template.js';

/** What a check reads of its VU: the context check functions get, and the variables its templated values render from. */
export type CheckScope = VuContext & TemplateScope;

/** A check, compiled once: regexes built, JSON paths parsed, templated values parsed. */
export interface CompiledCheck {
  readonly name: string;
  /** Whether the check needs the response body kept. */
  readonly needsBody: boolean;
  test(response: ResponseView, vu: CheckScope): boolean;
}

type Test = (response: ResponseView, vu: CheckScope) => boolean;

/**
 * A check value that may hold `{{ }}`: the value itself when constant, else its rendering for
 * the VU; a value that is exactly one `{{ var }}` keeps the variable's type (as JSON bodies do).
 */
function checkValue(value: string): (vu: CheckScope) => unknown {
  const t = compileTemplate(value);
  if (t.constant !== undefined) {
    const constant = t.constant;
    return () => constant;
  }
  return (vu) => t.value(vu);
}

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
    const { matches, present } = check.header;
    const equals = check.header.equals === undefined ? undefined : checkValue(check.header.equals);
    const name = check.header.name.toLowerCase();
    const regex = matches === undefined ? undefined : new RegExp(matches);
    tests.push((r, vu) => {
      const v = r.header(name);
      if (equals !== undefined && v !== String(equals(vu) ?? '')) return false;
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
    const { matches, json, equals } = body;
    const contains = body.contains === undefined ? undefined : checkValue(body.contains);
    const regex = matches === undefined ? undefined : new RegExp(matches);
    const path = json === undefined ? undefined : parseJsonPath(json)!;
    const hasEquals = 'equals' in body && equals !== undefined;
    const same = sameAs(equals);
    tests.push((r, vu) => {
      if (contains !== undefined && !r.body.includes(String(contains(vu) ?? ''))) return false;
      if (regex && !regex.test(r.body)) return false;
      if (path) {
        const v = readJsonPath(r.json(), path);
        if (v === undefined) return false;
        if (hasEquals && !same(v, vu)) return false;
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

/** Whether a JSON value equals the check's `equals`: rendered first when it is a templated string. */
function sameAs(expected: unknown): (v: unknown, vu: CheckScope) => boolean {
  if (typeof expected === 'string' && expected.includes('{{')) {
    const value = checkValue(expected);
    return (v, vu) => {
      const e = value(vu);
      return e !== null && typeof e === 'object' ? isDeepStrictEqual(v, e) : Object.is(v, e);
    };
  }
  // A primitive expected value (the common `equals: true`) is compared with Object.is (what deep equality does for primitives), not the deep walk.
  if (expected !== null && typeof expected === 'object') return (v) => isDeepStrictEqual(v, expected);
  return (v) => Object.is(v, expected);
}
