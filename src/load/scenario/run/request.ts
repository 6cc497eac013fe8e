import type { RequestSpec } from '../../http/types.js';
import type { JsonValue, RecordSpec } from '../model.js';
import type { NormalizedRequest } from '../compile/normalizedModel.js';
import { compileCapture, type CompiledCapture } from './capture.js';
import { compileCheck, type CompiledCheck } from './check.js';
import { compileTemplate, readVar, type Template, type TemplateScope } from '../compile/template.js';
import type { VuState } from './vuState.js';

/** A request step compiled once per run: templates parsed, constant parts prebuilt. */
export interface CompiledRequest {
  readonly name: string;
  readonly method: string;
  readonly path: Template;
  /** Header names (lower case) and their templates, scenario defaults merged under the step's own. */
  readonly headers: ReadonlyArray<readonly [string, Template]>;
  /** Headers when none is templated: shared, never mutated. */
  readonly constantHeaders: Readonly<Record<string, string>> | undefined;
  /** Every variable path the header templates read, when they call no random function. */
  readonly headerVars: ReadonlyArray<readonly string[]> | undefined;
  readonly query: ReadonlyArray<readonly [string, Template]>;
  readonly body: ((scope: TemplateScope) => string) | undefined;
  readonly timeoutMs: number | undefined;
  readonly redirects: number;
  readonly captures: readonly CompiledCapture[];
  readonly checks: readonly CompiledCheck[];
  readonly record: readonly RecordSpec[];
  /** Keep the response body: a capture or a check reads it. */
  readonly captureBody: boolean;
}

/** JSON text for a value: constant, or rendered per request; undefined when JSON leaves it out. */
type JsonText = string | ((scope: TemplateScope) => string | undefined);

/**
 * Compiles a JSON body template straight to text: constant parts are serialized once and only the
 * templated values are serialized per request, so the body costs no object and no full
 * `JSON.stringify`. The output equals `JSON.stringify` of the rendered value: a template that is
 * exactly one `{{ expr }}` keeps the value's type, and one that renders to undefined leaves its
 * key out (null in an array), as `JSON.stringify` does.
 */
function compileJsonText(value: JsonValue): JsonText {
  if (typeof value === 'string') {
    const t = compileTemplate(value);
    if (t.constant !== undefined) return JSON.stringify(t.constant);
    return (s) => JSON.stringify(t.value(s));
  }
  if (Array.isArray(value)) {
    return joinJson('[', ']', value.map((item) => {
      const text = compileJsonText(item);
      return typeof text === 'string' ? text : (s: TemplateScope) => text(s) ?? 'null';
    }));
  }
  if (value !== null && typeof value === 'object') {
    return joinJson('{', '}', Object.entries(value).map(([k, v]) => {
      const key = `${JSON.stringify(k)}:`;
      const text = compileJsonText(v);
      if (typeof text === 'string') return key + text;
      return (s: TemplateScope) => {
        const t = text(s);
        return t === undefined ? undefined : key + t;
      };
    }));
  }
  return JSON.stringify(value);
}

/** `open` + the members joined by commas + `close`; members that render undefined are left out. */
function joinJson(open: string, close: string, members: JsonText[]): JsonText {
  if (members.every((m) => typeof m === 'string')) return `${open}${members.join(',')}${close}`;
  return (s) => {
    let out = open;
    let first = true;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      const text = typeof m === 'string' ? m : m(s);
      if (text === undefined) continue;
      out += first ? text : `,${text}`;
      first = false;
    }
    return out + close;
  };
}

/**
 * Compiles a normalized request with the scenario's default headers (names are case-insensitive;
 * the step's own win). `$env` values are read now.
 *
 * @example
 * const login = compileRequest(scenario.flows[0].steps[0].request, scenario.headers);
 * pool.request(buildRequest(login, vu), onResponse);
 */
export function compileRequest(request: NormalizedRequest, defaultHeaders: Readonly<Record<string, string>> = {}): CompiledRequest {
  const merged = new Map<string, string>();
  for (const [k, v] of Object.entries(defaultHeaders)) merged.set(k.toLowerCase(), v);
  for (const [k, v] of Object.entries(request.headers)) merged.set(k.toLowerCase(), v);
  let body: CompiledRequest['body'];
  const b = request.body;
  if (b?.kind === 'json') {
    if (!merged.has('content-type')) merged.set('content-type', 'application/json');
    const text = compileJsonText(b.value);
    body = typeof text === 'string' ? () => text : (s) => text(s) ?? 'null';
  } else if (b?.kind === 'form') {
    if (!merged.has('content-type')) merged.set('content-type', 'application/x-www-form-urlencoded');
    const fields = Object.entries(b.fields).map(([k, v]) => [encodeURIComponent(k), compileTemplate(v)] as const);
    body = (s) => {
      let out = '';
      for (const [k, t] of fields) out += `${out ? '&' : ''}${k}=${encodeURIComponent(t.render(s))}`;
      return out;
    };
  } else if (b?.kind === 'raw') {
    const t = compileTemplate(b.text);
    body = (s) => t.render(s);
  }
  const headers = [...merged].map(([k, v]) => [k, compileTemplate(v)] as const);
  const constantHeaders = headers.every(([, t]) => t.constant !== undefined) ? Object.freeze(Object.fromEntries(headers.map(([k, t]) => [k, t.constant!]))) : undefined;
  const checks = request.checks.map(compileCheck);
  const headerVars = headers.every(([, t]) => t.vars !== undefined) ? headers.flatMap(([, t]) => t.vars!) : undefined;
  return {
    name: request.name,
    method: request.method,
    path: compileTemplate(request.path),
    headers,
    constantHeaders,
    headerVars,
    query: Object.entries(request.query).map(([k, v]) => [encodeURIComponent(k), compileTemplate(v)] as const),
    body,
    timeoutMs: request.timeoutMs,
    redirects: request.redirects,
    captures: request.captures.map(compileCapture),
    checks,
    record: request.record,
    captureBody: request.captures.length > 0 || checks.some((c) => c.needsBody),
  };
}

/**
 * Renders a compiled request for one VU into the wire client's `RequestSpec`: path and query
 * templated and encoded, headers templated, the VU's cookies added, the body rendered. The VU's
 * spec of the same step is reused while its headers render the same (path and body updated on it),
 * so send it before building that step again.
 *
 * @example
 * const spec = buildRequest(login, vu); // { method: 'POST', path: '/login', headers: {...}, body: '{"user":"ada"}' }
 */
export function buildRequest(request: CompiledRequest, vu: VuState): RequestSpec {
  let path = request.path.render(vu);
  const query = request.query;
  if (query.length > 0) {
    let sep = path.includes('?') ? '&' : '?';
    for (let i = 0; i < query.length; i++) {
      const [k, t] = query[i]!;
      path += `${sep}${k}=${encodeURIComponent(t.render(vu))}`;
      sep = '&';
    }
  }
  const cookie = vu.cookies?.header({ host: vu.origin.host, path, secure: vu.origin.secure });
  const previous = vu.lastSpecs.get(request);
  let headers: Readonly<Record<string, string>>;
  let inputs: HeaderInputs | undefined;
  if (request.constantHeaders && cookie === undefined) headers = request.constantHeaders;
  else if (
    previous !== undefined && request.headerVars !== undefined && (inputs = headerInputs.get(previous)) !== undefined &&
    inputs.cookie === cookie && sameVars(request.headerVars, vu.vars, inputs.values)
  ) {
    // The variables the headers read are what they were: the same headers, nothing rendered.
    headers = previous.headers!;
  } else {
    headers = renderHeaders(request, vu, cookie, previous?.headers);
    inputs = undefined;
  }
  const body = request.body ? request.body(vu) : undefined;
  // Same headers as last time: hand back the same object, whose encoding the client kept; a new
  // path or body is set on it, and the client then re-encodes only the request line and the body.
  if (previous !== undefined && previous.headers === headers) {
    if (previous.path !== path) previous.path = path;
    if (previous.body !== body) previous.body = body;
    if (inputs === undefined) rememberInputs(request, vu, previous, cookie);
    return previous;
  }
  const spec: RequestSpec = { method: request.method, path, headers };
  if (body !== undefined) spec.body = body;
  if (request.timeoutMs !== undefined) spec.timeoutMs = request.timeoutMs;
  if (request.captureBody) spec.captureBody = 'text';
  vu.lastSpecs.set(request, spec);
  rememberInputs(request, vu, spec, cookie);
  return spec;
}

/** What a spec's templated headers were rendered from: the variables they read and the jar's cookie. */
interface HeaderInputs {
  values: unknown[];
  cookie: string | undefined;
}

const headerInputs = new WeakMap<RequestSpec, HeaderInputs>();

function sameVars(paths: ReadonlyArray<readonly string[]>, vars: Record<string, unknown>, values: readonly unknown[]): boolean {
  for (let i = 0; i < paths.length; i++) if (readVar(vars, paths[i]!) !== values[i]) return false;
  return true;
}

/**
 * Notes the inputs of `spec`'s headers, so the next build can skip rendering them. Only primitive
 * values qualify: an object could change inside while staying the same object.
 */
function rememberInputs(request: CompiledRequest, vu: VuState, spec: RequestSpec, cookie: string | undefined): void {
  const paths = request.headerVars;
  if (paths === undefined) return;
  let inputs = headerInputs.get(spec);
  const values = inputs?.values ?? new Array<unknown>(paths.length);
  for (let i = 0; i < paths.length; i++) {
    const v = readVar(vu.vars, paths[i]!);
    if (v !== null && (typeof v === 'object' || typeof v === 'function')) {
      headerInputs.delete(spec);
      return;
    }
    values[i] = v;
  }
  if (inputs === undefined) headerInputs.set(spec, (inputs = { values, cookie }));
  else inputs.cookie = cookie;
}

const scratch: string[] = [];

/** Renders the headers; returns `previous` itself when every value came out the same. */
function renderHeaders(request: CompiledRequest, vu: VuState, cookie: string | undefined, previous: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
  const list = request.headers;
  let same = previous !== undefined;
  let explicitCookie: string | undefined;
  for (let i = 0; i < list.length; i++) {
    const [name, template] = list[i]!;
    const value = template.render(vu);
    scratch[i] = value;
    if (name === 'cookie') explicitCookie = value;
    else if (same && previous![name] !== value) same = false;
  }
  const cookieValue = cookie === undefined ? explicitCookie : explicitCookie ? `${explicitCookie}; ${cookie}` : cookie;
  // `previous` was rendered from the same header list, so equal values mean an equal object.
  if (same && previous!.cookie === cookieValue) return previous!;
  const out: Record<string, string> = {};
  for (let i = 0; i < list.length; i++) out[list[i]![0]] = scratch[i]!;
  if (cookieValue !== undefined) out.cookie = cookieValue;
  return out;
}
