import { invalidInput, type LoadlineErrorDetails } from '../../../core/index.js';
import type { Random } from '../random.js';

/** What a template reads when it renders: the VU's variables and its random source. */
export interface TemplateScope {
  vars: Record<string, unknown>;
  rng: Random;
}

/** A template parsed once; `render` allocates only the result string. */
export interface Template {
  readonly source: string;
  /** The text when it holds no `{{ }}` at all. */
  readonly constant: string | undefined;
  render(scope: TemplateScope): string;
  /** When the template is exactly one `{{ expr }}`: the value itself, not stringified. */
  value(scope: TemplateScope): unknown;
  /**
   * The variable paths it reads when its output depends on nothing else (no random function), so
   * equal variables mean an equal output; undefined when it calls a random function.
   */
  readonly vars: ReadonlyArray<readonly string[]> | undefined;
  /** Every variable path it reads (`{{ user.email }}` -> `['user', 'email']`), functions aside. */
  readonly variables: ReadonlyArray<readonly string[]>;
}

type Part = string | ((scope: TemplateScope) => unknown);

/** A part that reads one variable, with its path, so a template can list what it depends on. */
interface VarPart {
  (scope: TemplateScope): unknown;
  path: readonly string[];
}

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const FUNCTIONS = '$randomString(n?), $randomInt(min,max), $uuid(), $env.NAME';

function randomString(rng: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUM[Math.floor(rng.next() * 62)];
  return out;
}

function uuid(rng: Random): string {
  let out = '';
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) out += '-';
    else if (i === 14) out += '4';
    else if (i === 19) out += HEX[8 + Math.floor(rng.next() * 4)];
    else out += HEX[Math.floor(rng.next() * 16)];
  }
  return out;
}

/** The value at `path` in a VU's variables; undefined when any step is missing. */
export function readVar(vars: Record<string, unknown>, path: readonly string[]): unknown {
  let cur: unknown = vars[path[0]!];
  for (let i = 1; i < path.length && cur != null; i++) cur = (cur as Record<string, unknown>)[path[i]!];
  return cur;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function compileExpression(expr: string, fail: (why: string) => Error, env: Readonly<Record<string, string | undefined>>): Part {
  const envRef = /^\$env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
  if (envRef) return env[envRef[1]!] ?? '';
  const call = /^\$([A-Za-z]+)\(\s*([^)]*?)\s*\)$/.exec(expr);
  if (call) {
    const args = call[2] === '' ? [] : call[2]!.split(/\s*,\s*/).map(Number);
    if (args.some((a) => !Number.isSafeInteger(a))) throw fail(`arguments of $${call[1]} must be integers`);
    switch (call[1]) {
      case 'randomString': {
        const length = args[0] ?? 10;
        if (args.length > 1 || length < 1) throw fail('$randomString takes one optional positive length');
        return (s) => randomString(s.rng, length);
      }
      case 'randomInt': {
        const [min, max] = args;
        if (args.length !== 2 || min! > max!) throw fail('$randomInt takes (min, max) with min <= max');
        const span = max! - min! + 1;
        return (s) => min! + Math.floor(s.rng.next() * span);
      }
      case 'uuid':
        if (args.length !== 0) throw fail('$uuid takes no arguments');
        return (s) => uuid(s.rng);
    }
    throw fail(`unknown function $${call[1]}`);
  }
  if (/^[A-Za-z_][\w-]*(?:\.[\w-]+)*$/.test(expr)) {
    const path = expr.split('.');
    const part = ((s: TemplateScope) => readVar(s.vars, path)) as VarPart;
    part.path = path;
    return part;
  }
  throw fail(`cannot read ${JSON.stringify(expr)}`);
}

/**
 * Parses a `{{ }}` template once. Variables come from the VU (`{{ token }}`, `{{ user.email }}`);
 * functions as in Artillery: `{{ $randomString() }}`, `{{ $randomInt(1,100) }}`, `{{ $uuid() }}`,
 * `{{ $env.NAME }}` (read when compiled; unset renders as ''). Unset variables render as ''.
 *
 * @example
 * const t = compileTemplate('/users/{{ id }}?q={{ $randomString(4) }}');
 * t.render({ vars: { id: 7 }, rng: seededRandom(1) }); // '/users/7?q=aZ3k'
 */
export function compileTemplate(
  source: string,
  where: Pick<LoadlineErrorDetails, 'file' | 'line'> & { field?: string } = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): Template {
  const fail = (why: string) =>
    invalidInput(
      { file: where.file, line: where.line, field: where.field ?? 'template', value: source, expected: `a template with {{ variable }} or ${FUNCTIONS} (${why})` },
      where.file ? 'LOADLINE_INVALID_FILE' : 'LOADLINE_INVALID_OPTION',
    );
  const parts: Part[] = [];
  let pos = 0;
  while (pos < source.length) {
    const open = source.indexOf('{{', pos);
    if (open === -1) {
      parts.push(source.slice(pos));
      break;
    }
    if (open > pos) parts.push(source.slice(pos, open));
    const close = source.indexOf('}}', open + 2);
    if (close === -1) throw fail('unclosed {{');
    const expr = source.slice(open + 2, close).trim();
    if (expr === '') throw fail('empty {{ }}');
    parts.push(compileExpression(expr, fail, env));
    pos = close + 2;
  }
  // Fold adjacent literals ($env values are literals too).
  const folded: Part[] = [];
  for (const p of parts) {
    const last = folded[folded.length - 1];
    if (typeof p === 'string' && typeof last === 'string') folded[folded.length - 1] = last + p;
    else folded.push(p);
  }
  const constant = folded.length === 0 ? '' : folded.length === 1 && typeof folded[0] === 'string' ? folded[0] : undefined;
  const single = folded.length === 1 && typeof folded[0] === 'function' ? folded[0] : undefined;
  const fns = folded.filter((p) => typeof p === 'function');
  const variables = fns.flatMap((p) => ((p as Partial<VarPart>).path === undefined ? [] : [(p as VarPart).path]));
  const vars = variables.length === fns.length ? variables : undefined;
  return {
    source,
    constant,
    vars,
    variables,
    render(scope) {
      if (constant !== undefined) return constant;
      let out = '';
      for (let i = 0; i < folded.length; i++) {
        const p = folded[i]!;
        out += typeof p === 'string' ? p : stringify(p(scope));
      }
      return out;
    },
    value(scope) {
      return single ? single(scope) : this.render(scope);
    },
  };
}

/** True when the text holds a `{{`. */
export function isTemplated(text: string): boolean {
  return text.includes('{{');
}
