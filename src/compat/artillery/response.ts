import { parseJsonPath, readJsonPath } from '../../load/scenario/run/jsonPath.js';
import type { CaptureSpec, ExpectSpec } from './script.js';
import { compileDeep, compileTemplate, parsePath, readPath, type ArtilleryVars } from './template.js';

/** The response processor hooks and expectations see: Artillery's (got's) field names. */
export class ArtilleryResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: string | undefined;
  #json: unknown;
  #parsed = false;
  constructor(status: number, headers: Record<string, string | string[]>, body: string | undefined) {
    this.statusCode = status;
    this.headers = headers;
    this.body = body;
  }

  /** The body parsed as JSON once, or undefined when it is not JSON. */
  json(): unknown {
    if (!this.#parsed) {
      this.#parsed = true;
      try {
        this.#json = this.body === undefined ? undefined : JSON.parse(this.body);
      } catch {
        this.#json = undefined;
      }
    }
    return this.#json;
  }

  header(name: string): string | undefined {
    const v = this.headers[name];
    return Array.isArray(v) ? v.join(', ') : v;
  }
}

/** An expectation's name in the checks: its type and value (`statusCode 200`). */
export function expectName(e: ExpectSpec): string {
  return `${e.type} ${Array.isArray(e.value) ? e.value.join(' ') : String(e.value)}`;
}

export interface CompiledCapture {
  as: string;
  index: number;
  strict: boolean;
  needsBody: boolean;
  read(res: ArtilleryResponse): unknown;
}

export function compileCapture(c: CaptureSpec, index: number): CompiledCapture {
  const base = { as: c.as, index, strict: c.strict };
  if (c.json !== undefined) {
    const path = parseJsonPath(c.json)!;
    return { ...base, needsBody: true, read: (res) => readJsonPath(res.json(), path) };
  }
  if (c.regexp !== undefined) {
    const re = new RegExp(c.regexp, c.flags ?? '');
    const group = c.group;
    return {
      ...base,
      needsBody: true,
      read: (res) => {
        const m = res.body === undefined ? null : re.exec(res.body);
        if (m === null) return undefined;
        if (group === undefined) return m[1] ?? m[0];
        return typeof group === 'number' ? m[group] : m.groups?.[group];
      },
    };
  }
  const header = c.header!;
  return { ...base, needsBody: false, read: (res) => res.header(header) };
}

export interface CompiledExpect {
  index: number;
  needsBody: boolean;
  test(res: ArtilleryResponse, vars: ArtilleryVars): boolean;
}

export function compileExpect(e: ExpectSpec, index: number): CompiledExpect {
  const v = e.value;
  const list = (x: unknown) => (Array.isArray(x) ? x : [x]).map((s) => String(s));
  switch (e.type) {
    case 'statusCode': {
      const codes = list(v);
      return { index, needsBody: false, test: (res) => codes.includes(String(res.statusCode)) };
    }
    case 'notStatusCode': {
      const codes = list(v);
      return { index, needsBody: false, test: (res) => !codes.includes(String(res.statusCode)) };
    }
    case 'contentType': {
      const want = String(v).toLowerCase();
      return { index, needsBody: false, test: (res) => (res.header('content-type') ?? '').toLowerCase().includes(want === 'json' ? 'application/json' : want) };
    }
    case 'hasProperty':
    case 'notHasProperty': {
      const path = parsePath(String(v)) ?? [String(v)];
      const want = e.type === 'hasProperty';
      return { index, needsBody: true, test: (res) => (readPath(res.json(), path) !== undefined) === want };
    }
    case 'equals': {
      const parts = (Array.isArray(v) ? v : [v]).map((p) => compileDeep(p));
      return { index, needsBody: false, test: (_res, vars) => new Set(parts.map((p) => String(p(vars)))).size === 1 };
    }
    case 'hasHeader': {
      const name = String(v).toLowerCase();
      return { index, needsBody: false, test: (res) => res.header(name) !== undefined };
    }
    case 'headerEquals': {
      const [name, value] = list(v);
      const lower = (name ?? '').toLowerCase();
      const render = compileTemplate(value ?? '');
      return { index, needsBody: false, test: (res, vars) => res.header(lower) === String(render(vars)) };
    }
    default: {
      const re = new RegExp(String(v));
      return { index, needsBody: true, test: (res) => res.body !== undefined && re.test(res.body) };
    }
  }
}

