import { randomUUID } from 'node:crypto';

/** Variables of one Artillery virtual user: payload row, `variables`, captures, `$loopElement`... */
export type ArtilleryVars = Record<string, unknown>;

/** A compiled template: `{{ var }}` and `{{ $fn(...) }}` rendered from a VU's variables. */
export type Render = (vars: ArtilleryVars) => unknown;

const TEMPLATE = /\{\{\{?\s*([^{}]*?)\s*\}?\}\}/g;
const CALL = /^\$([A-Za-z_]\w*)\s*\(([^()]*)\)$/;
const PATH_SEGMENT = /\.?([A-Za-z_$][\w$-]*|\d+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;

/** Template functions Artillery provides; processor functions are not templates there either. */
const FUNCTIONS: Readonly<Record<string, (args: unknown[]) => string>> = {
  randomString: ([length]) => randomString(length === undefined ? 10 : Number(length)),
  randomNumber: ([min, max]) => String(randomNumber(Number(min ?? 0), Number(max ?? 100))),
  uuid: () => randomUUID(),
};

/** Why a template cannot work, with the text at fault; thrown by `compileTemplate` for the loader to place. */
export class TemplateError extends Error {}

/**
 * Compiles an Artillery template string once. As in Artillery, a string that is exactly one
 * `{{ var }}` renders to the variable's own value (a number stays a number, a missing one is
 * `undefined`); inside text, values are joined as text (objects as JSON, a missing one as
 * `undefined`). `{{ $randomString() }}`, `{{ $randomString(8) }}`, `{{ $randomNumber(1, 100) }}`
 * render as text; `{{ $processEnvironment.HOME }}` and `{{ $env.HOME }}` read the environment.
 *
 * @example
 * compileTemplate('Bearer {{ token }}')({ token: 'abc' }); // 'Bearer abc'
 * compileTemplate('{{ id }}')({ id: 7 });                   // 7
 */
export function compileTemplate(text: string): Render {
  if (!text.includes('{{')) return () => text;
  const parts: Array<string | Render> = [];
  let last = 0;
  for (const m of text.matchAll(TEMPLATE)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(compileExpression(m[1]!, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  if (parts.length === 1 && typeof parts[0] === 'function') {
    const only = parts[0];
    return only;
  }
  return (vars) => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else {
        const v = p(vars);
        out += v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
      }
    }
    return out;
  };
}

/** Variables a template reads (first path segment), for checks that every one is defined somewhere. */
export function templateVariables(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TEMPLATE)) {
    const expr = m[1]!.trim();
    if (CALL.test(expr)) continue;
    const path = parsePath(expr);
    if (path && typeof path[0] === 'string') out.push(path[0]);
  }
  return out;
}

function compileExpression(expr: string, whole: string): Render {
  const call = CALL.exec(expr);
  if (call) {
    const fn = FUNCTIONS[call[1]!];
    if (fn === undefined) throw new TemplateError(`${whole}: unknown function $${call[1]} (Artillery's are $randomString(), $randomNumber(min, max), $uuid())`);
    const args = call[2]!.trim() === '' ? [] : call[2]!.split(',').map((a) => literal(a.trim(), whole));
    return () => fn(args);
  }
  const path = parsePath(expr);
  if (path === null) throw new TemplateError(`${whole}: expected a variable such as {{ token }} or {{ user.email }}, or a function such as {{ $randomString() }}`);
  if (path.length === 1) {
    const key = path[0]!;
    return (vars) => vars[key];
  }
  return (vars) => readPath(vars, path);
}

function literal(text: string, whole: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const quoted = /^(['"])(.*)\1$/.exec(text);
  if (quoted) return quoted[2];
  throw new TemplateError(`${whole}: expected numbers or quoted strings as arguments, got ${text}`);
}

/** `a.b[0]['c']` as path segments, or null when it is not a path. */
export function parsePath(text: string): Array<string | number> | null {
  const out: Array<string | number> = [];
  let pos = 0;
  while (pos < text.length) {
    PATH_SEGMENT.lastIndex = pos;
    const m = PATH_SEGMENT.exec(text);
    if (!m || (pos === 0 && text[0] === '.')) return null;
    if (m[1] !== undefined) out.push(/^\d+$/.test(m[1]) && pos > 0 ? Number(m[1]) : m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3] ?? m[4]!);
    pos = PATH_SEGMENT.lastIndex;
  }
  return out.length ? out : null;
}

export function readPath(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || cur === undefined) return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/**
 * Compiles every string inside a JSON value (a `json` body, `qs`, `headers`, `form`): the result
 * renders a fresh copy per request, constant parts shared.
 */
export function compileDeep(value: unknown): Render {
  if (typeof value === 'string') return compileTemplate(value);
  if (Array.isArray(value)) {
    const items = value.map(compileDeep);
    return (vars) => items.map((r) => r(vars));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [k, compileDeep(v)] as const);
    return (vars) => {
      const out: Record<string, unknown> = {};
      for (const [k, r] of entries) out[k] = r(vars);
      return out;
    };
  }
  return () => value;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomString(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return s;
}

/** An integer in [min, max], both included, as Artillery's `$randomNumber`. */
export function randomNumber(min: number, max: number): number {
  const lo = Math.ceil(Math.min(min, max));
  const hi = Math.floor(Math.max(min, max));
  return lo + Math.floor(Math.random() * (hi - lo + 1));
}
