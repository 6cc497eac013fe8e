import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readDataFile } from '../../core/index.js';
import { parseCsv } from '../../load/scenario/compile/csv.js';
import { parseJsonPath } from '../../load/scenario/run/jsonPath.js';
import { compileExpression, ExpressionError } from './expression.js';
import { Checker, type Path } from './checker.js';
import type { ArtilleryPayload, ArtilleryPhase, ArtilleryScenario, ArtilleryScript, CaptureSpec, EnsureSpec, ExpectSpec, FlowStep, RequestStepSpec } from './script.js';

export interface LoadArtilleryOptions {
  /** `-e NAME`: merges `config.environments.NAME` over `config`; default none. */
  environment?: string;
  /** `--overrides`: a JSON object deep-merged over the whole script (Artillery's flag); default none. */
  overrides?: Record<string, unknown>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
const CONFIG_FIELDS = ['target', 'phases', 'payload', 'variables', 'defaults', 'http', 'environments', 'processor', 'plugins', 'ensure', 'tls', 'name', 'engines', 'statsInterval', 'includeFiles', 'timeout'];
const PLUGINS = ['ensure', 'expect', 'metrics-by-endpoint'];
const REQUEST_FIELDS = ['url', 'name', 'headers', 'qs', 'json', 'body', 'form', 'cookie', 'auth', 'capture', 'expect', 'beforeRequest', 'afterResponse', 'ifTrue', 'followRedirect', 'timeout', 'gzip', 'compress'];
const EXPECTATIONS = ['statusCode', 'notStatusCode', 'contentType', 'hasProperty', 'notHasProperty', 'equals', 'hasHeader', 'headerEquals', 'matchesRegexp'];

/**
 * Reads an Artillery test script (YAML or JSON), applies `-e NAME` and `--overrides` as Artillery
 * does, and checks every field loadline runs: anything malformed is a `LOADLINE_INVALID_FILE`
 * error naming the file, the line, the field and what was expected, before any load.
 *
 * @example
 * const script = await loadArtilleryScript('artillery.yml', { environment: 'staging' });
 */
export async function loadArtilleryScript(file: string, options: LoadArtilleryOptions = {}): Promise<ArtilleryScript> {
  const path = resolve(file);
  const source = await readDataFile(path);
  const check = new Checker(source);
  const doc = check.object(source.data, [], 'an Artillery script with config: and scenarios:');
  let data: Record<string, unknown> = doc;
  if (options.overrides !== undefined) data = deepMerge(data, options.overrides);
  let config = check.object(data.config, ['config'], 'a config: section');
  let environment: string | undefined;
  if (options.environment !== undefined) {
    const envs = config.environments === undefined ? {} : check.object(config.environments, ['config', 'environments'], 'environments by name');
    const env = envs[options.environment];
    if (env === undefined) throw check.fail(['config', 'environments'], options.environment, `an environment under config.environments (${Object.keys(envs).join(', ') || 'none defined'}) for -e`);
    config = deepMerge(config, check.object(env, ['config', 'environments', options.environment], 'an environment: config fields to merge'));
    environment = options.environment;
  }
  for (const key of Object.keys(config)) if (!CONFIG_FIELDS.includes(key)) throw check.unknown(['config', key]);
  const target = check.string(config.target, ['config', 'target'], 'the origin to load, e.g. http://127.0.0.1:3000');
  if (!/^https?:\/\/[^/]/.test(target)) throw check.fail(['config', 'target'], target, 'an http:// or https:// origin');
  const dir = dirname(path);

  const http = config.http === undefined ? {} : check.object(config.http, ['config', 'http'], 'http settings');
  const timeoutS = config.timeout ?? http.timeout;
  const timeoutMs = timeoutS === undefined ? 10_000 : check.positive(timeoutS, ['config', 'http', 'timeout'], 'a timeout in seconds') * 1000;
  const defaults = config.defaults === undefined ? {} : check.object(config.defaults, ['config', 'defaults'], 'defaults');
  const httpDefaults = http.defaults === undefined ? {} : check.object(http.defaults, ['config', 'http', 'defaults'], 'defaults');
  const defaultHeaders = {
    ...(defaults.headers === undefined ? {} : check.object(defaults.headers, ['config', 'defaults', 'headers'], 'headers by name')),
    ...(httpDefaults.headers === undefined ? {} : check.object(httpDefaults.headers, ['config', 'http', 'defaults', 'headers'], 'headers by name')),
  };
  check.templates(defaultHeaders, ['config', 'defaults', 'headers']);
  const tls = config.tls === undefined ? {} : check.object(config.tls, ['config', 'tls'], 'tls settings');

  const script: ArtilleryScript = {
    file: path,
    target,
    phases: phases(check, config.phases),
    payloads: payloads(check, config.payload, dir),
    variables: variables(check, config.variables),
    defaultHeaders,
    timeoutMs,
    insecure: tls.rejectUnauthorized === false,
    expectPlugin: false,
    scenarios: [],
  };
  if (http.pool !== undefined) script.connections = check.positive(http.pool, ['config', 'http', 'pool'], 'a number of connections', true);
  if (environment !== undefined) script.environment = environment;
  if (config.processor !== undefined) script.processor = resolve(dir, check.string(config.processor, ['config', 'processor'], 'a JavaScript file with the flow functions'));
  const plugins = config.plugins === undefined ? {} : check.object(config.plugins, ['config', 'plugins'], 'plugins by name');
  for (const name of Object.keys(plugins)) {
    if (!PLUGINS.includes(name)) process.emitWarning(`${path}: plugin ${name} is not run by loadline (it runs ${PLUGINS.join(', ')})`);
  }
  script.expectPlugin = plugins.expect !== undefined;
  const ensure = plugins.ensure ?? config.ensure;
  if (ensure !== undefined) script.ensure = ensureSpec(check, ensure, plugins.ensure !== undefined ? ['config', 'plugins', 'ensure'] : ['config', 'ensure']);

  const list = check.array(data.scenarios, ['scenarios'], 'a list of scenarios');
  if (list.length === 0) throw check.fail(['scenarios'], list, 'at least one scenario');
  script.scenarios = list.map((s, i) => scenario(check, s, ['scenarios', i]));
  if (!script.scenarios.some((s) => s.weight > 0)) throw check.fail(['scenarios'], list.length, 'at least one scenario with a weight above 0');
  return script;
}

function phases(check: Checker, value: unknown): ArtilleryPhase[] {
  const list = check.array(value, ['config', 'phases'], 'a list of phases (duration with arrivalRate, arrivalCount or pause)');
  if (list.length === 0) throw check.fail(['config', 'phases'], list, 'at least one phase');
  return list.map((p, i) => {
    const path: Path = ['config', 'phases', i];
    const o = check.object(p, path, 'a phase');
    for (const key of Object.keys(o)) if (!['duration', 'arrivalRate', 'rampTo', 'arrivalCount', 'pause', 'maxVusers', 'name'].includes(key)) throw check.unknown([...path, key]);
    const out: ArtilleryPhase = { durationMs: 0, rate: 0, rampTo: 0 };
    if (o.name !== undefined) out.name = String(o.name);
    if (o.pause !== undefined) {
      out.durationMs = check.seconds(o.pause, [...path, 'pause']);
      return out;
    }
    if (o.duration === undefined) throw check.fail(path, undefined, 'a duration (seconds, or text such as 2m) with arrivalRate or arrivalCount, or a pause', 'duration');
    out.durationMs = check.seconds(o.duration, [...path, 'duration']);
    if (out.durationMs <= 0) throw check.fail([...path, 'duration'], o.duration, 'a duration above 0');
    if (o.arrivalCount !== undefined) {
      const count = check.positive(o.arrivalCount, [...path, 'arrivalCount'], 'a number of arrivals over the phase', true);
      out.rate = out.rampTo = count / (out.durationMs / 1000);
    } else if (o.arrivalRate !== undefined) {
      out.rate = check.nonNegative(o.arrivalRate, [...path, 'arrivalRate'], 'arrivals per second');
      out.rampTo = o.rampTo === undefined ? out.rate : check.nonNegative(o.rampTo, [...path, 'rampTo'], 'arrivals per second at the end of the phase');
    } else if (o.rampTo !== undefined) {
      out.rate = 0;
      out.rampTo = check.nonNegative(o.rampTo, [...path, 'rampTo'], 'arrivals per second at the end of the phase');
    } else throw check.fail(path, undefined, 'arrivalRate, arrivalCount or rampTo (or a pause)', 'arrivalRate');
    if (o.maxVusers !== undefined) out.maxVusers = check.positive(o.maxVusers, [...path, 'maxVusers'], 'a number of virtual users', true);
    return out;
  });
}

function payloads(check: Checker, value: unknown, dir: string): ArtilleryPayload[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((p, i) => {
    const path: Path = Array.isArray(value) ? ['config', 'payload', i] : ['config', 'payload'];
    const o = check.object(p, path, 'a payload: { path, fields }');
    for (const key of Object.keys(o)) if (!['path', 'fields', 'order', 'skipHeader', 'cast', 'delimiter', 'loadAll', 'name', 'skipEmptyLines'].includes(key)) throw check.unknown([...path, key]);
    const file = resolve(dir, check.string(o.path, [...path, 'path'], 'a CSV file, relative to the script'));
    if (o.delimiter !== undefined && o.delimiter !== ',') throw check.fail([...path, 'delimiter'], o.delimiter, 'a comma (loadline reads comma-separated files only)');
    const order = o.order === undefined ? 'random' : o.order;
    if (order !== 'random' && order !== 'sequence') throw check.fail([...path, 'order'], order, 'random or sequence');
    let rows: string[][];
    try {
      rows = parseCsv(readFileSync(file, 'utf8'));
    } catch (err) {
      throw check.fail([...path, 'path'], o.path, `a readable CSV file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    const skipHeader = o.skipHeader === true;
    let fields: string[];
    if (o.fields !== undefined) fields = check.array(o.fields, [...path, 'fields'], 'the column names').map((f, j) => check.string(f, [...path, 'fields', j], 'a column name'));
    else if (skipHeader || o.loadAll === true) fields = rows[0] ?? [];
    else throw check.fail(path, undefined, 'fields (the column names), or skipHeader: true to take them from the header row', 'fields');
    if (skipHeader || (o.fields === undefined && o.loadAll === true)) rows = rows.slice(1);
    const cast = o.cast !== false;
    const objects = rows.map((row) => Object.fromEntries(fields.map((f, j) => [f, cast ? castValue(row[j]) : row[j]])));
    if (objects.length === 0 && o.loadAll !== true) throw check.fail([...path, 'path'], o.path, 'a CSV file with at least one data row');
    const out: ArtilleryPayload = { rows: objects, order };
    if (o.loadAll === true) {
      if (typeof o.name !== 'string' || o.name === '') throw check.fail([...path, 'name'], o.name, 'the variable that holds every row (loadAll: true needs a name)');
      out.loadAllAs = o.name;
    }
    return out;
  });
}

/** Numbers in CSV cells become numbers, as csv-parse's `cast: true` in Artillery. */
function castValue(cell: string | undefined): unknown {
  if (cell === undefined) return undefined;
  return /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell.trim()) && cell.trim() !== '' ? Number(cell) : cell;
}

function variables(check: Checker, value: unknown): Record<string, unknown[]> {
  if (value === undefined) return {};
  const o = check.object(value, ['config', 'variables'], 'variables by name');
  const out: Record<string, unknown[]> = {};
  for (const [name, v] of Object.entries(o)) {
    out[name] = Array.isArray(v) ? v : [v];
    if (out[name]!.length === 0) throw check.fail(['config', 'variables', name], v, 'a value or a non-empty list of values');
  }
  return out;
}

function ensureSpec(check: Checker, value: unknown, path: Path): EnsureSpec {
  const o = check.object(value, path, 'ensure checks: thresholds, conditions, maxErrorRate');
  const spec: EnsureSpec = { thresholds: [], conditions: [], legacy: [] };
  for (const key of Object.keys(o)) if (!['thresholds', 'conditions', 'maxErrorRate', 'min', 'max', 'median', 'p95', 'p99'].includes(key)) throw check.unknown([...path, key]);
  if (o.thresholds !== undefined) {
    check.array(o.thresholds, [...path, 'thresholds'], 'a list of { metric: max }').forEach((t, i) => {
      const entry = check.object(t, [...path, 'thresholds', i], 'one { metric: max } pair, e.g. { http.response_time.p99: 200 }');
      const keys = Object.keys(entry);
      if (keys.length !== 1) throw check.fail([...path, 'thresholds', i], entry, 'exactly one { metric: max } pair');
      spec.thresholds.push({ metric: keys[0]!, max: check.number(entry[keys[0]!], [...path, 'thresholds', i, keys[0]!], 'a number'), ...line(check, [...path, 'thresholds', i]) });
    });
  }
  if (o.conditions !== undefined) {
    check.array(o.conditions, [...path, 'conditions'], 'a list of { expression, strict }').forEach((c, i) => {
      const cp: Path = [...path, 'conditions', i];
      const entry = check.object(c, cp, '{ expression, strict }');
      const expression = check.string(entry.expression, [...cp, 'expression'], 'an expression such as "http.response_time.p99 < 200 and http.codes.500 == 0"');
      try {
        compileExpression(expression);
      } catch (err) {
        throw check.fail([...cp, 'expression'], expression, `a valid expression (${(err as Error).message})`);
      }
      spec.conditions.push({ expression, strict: entry.strict !== false, ...line(check, cp) });
    });
  }
  for (const aggregation of ['min', 'max', 'median', 'p95', 'p99']) {
    if (o[aggregation] !== undefined) spec.legacy.push({ aggregation, max: check.number(o[aggregation], [...path, aggregation], 'a number of milliseconds'), ...line(check, [...path, aggregation]) });
  }
  if (o.maxErrorRate !== undefined) spec.maxErrorRate = check.nonNegative(o.maxErrorRate, [...path, 'maxErrorRate'], 'a percentage of failed virtual users');
  return spec;
}

function line(check: Checker, path: Path): { line?: number } {
  const l = check.source.lineOf(path);
  return l === undefined ? {} : { line: l };
}

function scenario(check: Checker, value: unknown, path: Path): ArtilleryScenario {
  const o = check.object(value, path, 'a scenario: { name, weight, flow }');
  for (const key of Object.keys(o)) if (!['name', 'weight', 'flow', 'beforeRequest', 'afterResponse', 'beforeScenario', 'afterScenario', 'engine'].includes(key)) throw check.unknown([...path, key]);
  if (o.engine !== undefined && o.engine !== 'http') throw check.fail([...path, 'engine'], o.engine, 'http (loadline runs HTTP flows only)');
  const name = o.name === undefined ? `scenario ${Number(path[1]) + 1}` : check.string(o.name, [...path, 'name'], 'a name');
  const weight = o.weight === undefined ? 1 : check.nonNegative(o.weight, [...path, 'weight'], 'a weight of 0 or more');
  const steps = check.array(o.flow, [...path, 'flow'], 'a list of flow steps');
  const flow = [
    ...names(check, o.beforeScenario, [...path, 'beforeScenario']).map((n): FlowStep => ({ kind: 'function', name: n, path: [...path, 'beforeScenario'] })),
    ...steps.map((s, i) => step(check, s, [...path, 'flow', i])),
    ...names(check, o.afterScenario, [...path, 'afterScenario']).map((n): FlowStep => ({ kind: 'function', name: n, path: [...path, 'afterScenario'] })),
  ];
  return { name, weight, flow, beforeRequest: names(check, o.beforeRequest, [...path, 'beforeRequest']), afterResponse: names(check, o.afterResponse, [...path, 'afterResponse']), path };
}

function names(check: Checker, value: unknown, path: Path): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v, i) => check.string(v, Array.isArray(value) ? [...path, i] : path, 'the name of a processor function'));
}

function step(check: Checker, value: unknown, path: Path): FlowStep {
  const o = check.object(value, path, `a flow step: one of ${METHODS.join(', ')}, loop, think, log, function`);
  const method = METHODS.find((m) => m in o);
  if (method !== undefined) {
    const extra = Object.keys(o).filter((k) => k !== method);
    if (extra.length) throw check.unknown([...path, extra[0]!]);
    return { kind: 'request', method: method.toUpperCase(), spec: request(check, o[method], [...path, method]), path: [...path, method] };
  }
  if ('loop' in o) {
    for (const key of Object.keys(o)) if (!['loop', 'count', 'over', 'whileTrue', 'loopValue', 'loopElement'].includes(key)) throw check.unknown([...path, key]);
    const steps = check.array(o.loop, [...path, 'loop'], 'a list of flow steps').map((s, i) => step(check, s, [...path, 'loop', i]));
    const out: FlowStep = { kind: 'loop', steps, loopValue: '$loopCount', loopElement: '$loopElement', path };
    if (o.count !== undefined) {
      if (typeof o.count === 'number') out.count = check.nonNegative(o.count, [...path, 'count'], 'a number of passes');
      else out.count = check.templated(o.count, [...path, 'count'], 'a number of passes, a range such as 1-5, or a template');
    }
    if (o.over !== undefined) {
      if (Array.isArray(o.over)) out.over = o.over;
      else out.over = check.string(o.over, [...path, 'over'], 'a list, or the name of a variable holding one');
    }
    if (o.whileTrue !== undefined) out.whileTrue = check.string(o.whileTrue, [...path, 'whileTrue'], 'the name of a processor function');
    if (o.count === undefined && o.over === undefined && o.whileTrue === undefined) throw check.fail(path, undefined, 'count, over or whileTrue with the loop (an endless loop never ends its VU)', 'count');
    if (o.loopValue !== undefined) out.loopValue = check.string(o.loopValue, [...path, 'loopValue'], 'a variable name');
    if (o.loopElement !== undefined) out.loopElement = check.string(o.loopElement, [...path, 'loopElement'], 'a variable name');
    return out;
  }
  if ('think' in o) {
    for (const key of Object.keys(o)) if (!['think', 'jitter'].includes(key)) throw check.unknown([...path, key]);
    const seconds = typeof o.think === 'number' ? check.nonNegative(o.think, [...path, 'think'], 'seconds') : check.templated(o.think, [...path, 'think'], 'seconds, or a duration such as 500ms');
    const out: FlowStep = { kind: 'think', seconds, path };
    if (o.jitter !== undefined) out.jitter = typeof o.jitter === 'number' ? o.jitter : check.string(o.jitter, [...path, 'jitter'], 'a jitter such as 20%');
    return out;
  }
  if ('log' in o) {
    if (Object.keys(o).length > 1) throw check.unknown([...path, Object.keys(o).find((k) => k !== 'log')!]);
    return { kind: 'log', text: check.templated(o.log, [...path, 'log'], 'a message'), path };
  }
  if ('function' in o) {
    if (Object.keys(o).length > 1) throw check.unknown([...path, Object.keys(o).find((k) => k !== 'function')!]);
    return { kind: 'function', name: check.string(o.function, [...path, 'function'], 'the name of a processor function'), path };
  }
  const key = Object.keys(o)[0];
  if (key === 'parallel') throw check.fail([...path, key], undefined, `one of ${METHODS.join(', ')}, loop, think, log, function (loadline does not run parallel steps)`);
  throw check.fail(key === undefined ? path : [...path, key], key, `one of ${METHODS.join(', ')}, loop, think, log, function`, undefined, true);
}

function request(check: Checker, value: unknown, path: Path): RequestStepSpec {
  const o = check.object(value, path, 'a request: { url, ... }');
  for (const key of Object.keys(o)) if (!REQUEST_FIELDS.includes(key)) throw check.unknown([...path, key]);
  const url = check.templated(o.url, [...path, 'url'], 'the URL (a path such as /api/users, or an absolute URL)');
  const bodies = ['json', 'body', 'form'].filter((k) => o[k] !== undefined);
  if (bodies.length > 1) throw check.fail([...path, bodies[1]!], o[bodies[1]!], `one body only (${bodies.join(' and ')} given)`);
  const spec: RequestStepSpec = {
    url,
    capture: captures(check, o.capture, [...path, 'capture']),
    expect: expectations(check, o.expect, [...path, 'expect']),
    beforeRequest: names(check, o.beforeRequest, [...path, 'beforeRequest']),
    afterResponse: names(check, o.afterResponse, [...path, 'afterResponse']),
    followRedirect: o.followRedirect !== false,
  };
  if (o.name !== undefined) spec.name = check.string(o.name, [...path, 'name'], 'a request name');
  for (const field of ['headers', 'qs', 'form', 'cookie'] as const) {
    if (o[field] !== undefined) {
      spec[field] = check.object(o[field], [...path, field], `${field} by name`);
      check.templates(spec[field], [...path, field]);
    }
  }
  if (o.json !== undefined) {
    spec.json = o.json;
    check.templates(o.json, [...path, 'json']);
  }
  if (o.body !== undefined) spec.body = check.templated(typeof o.body === 'number' ? String(o.body) : o.body, [...path, 'body'], 'the body as text');
  if (o.auth !== undefined) {
    const auth = check.object(o.auth, [...path, 'auth'], '{ user, pass }');
    spec.auth = { user: check.templated(auth.user, [...path, 'auth', 'user'], 'a user name'), pass: check.templated(auth.pass ?? '', [...path, 'auth', 'pass'], 'a password') };
  }
  if (o.ifTrue !== undefined) {
    spec.ifTrue = check.string(o.ifTrue, [...path, 'ifTrue'], 'an expression over the variables, or a processor function name');
    try {
      compileExpression(spec.ifTrue);
    } catch (err) {
      if (!/^[A-Za-z_$][\w$]*$/.test(spec.ifTrue)) throw check.fail([...path, 'ifTrue'], spec.ifTrue, `an expression (${(err as ExpressionError).message})`);
    }
  }
  if (o.timeout !== undefined) spec.timeout = check.positive(o.timeout, [...path, 'timeout'], 'seconds');
  return spec;
}

function captures(check: Checker, value: unknown, path: Path): CaptureSpec[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((c, i) => {
    const cp = Array.isArray(value) ? [...path, i] : path;
    const o = check.object(c, cp, 'a capture: { json | regexp | header, as }');
    for (const key of Object.keys(o)) if (!['json', 'regexp', 'header', 'as', 'group', 'flags', 'strict'].includes(key)) throw check.unknown([...cp, key]);
    const as = check.string(o.as, [...cp, 'as'], 'the variable to capture into');
    const sources = ['json', 'regexp', 'header'].filter((k) => o[k] !== undefined);
    if (sources.length !== 1) throw check.fail(cp, sources.join(', ') || undefined, 'exactly one of json, regexp, header (loadline does not run xpath or selector captures)', sources[1] ?? 'json');
    const out: CaptureSpec = { as, strict: o.strict !== false };
    if (o.json !== undefined) {
      out.json = check.string(o.json, [...cp, 'json'], 'a JSON path such as $.token');
      if (parseJsonPath(out.json) === null) throw check.fail([...cp, 'json'], out.json, 'a JSON path of names and indexes, such as $.token or $.items[0].id (filters are not supported)');
    }
    if (o.regexp !== undefined) {
      out.regexp = check.string(o.regexp, [...cp, 'regexp'], 'a regular expression');
      try {
        new RegExp(out.regexp, typeof o.flags === 'string' ? o.flags : '');
      } catch (err) {
        throw check.fail([...cp, 'regexp'], out.regexp, `a valid regular expression (${(err as Error).message})`);
      }
      if (o.flags !== undefined) out.flags = check.string(o.flags, [...cp, 'flags'], 'regular expression flags');
      if (o.group !== undefined) out.group = typeof o.group === 'number' ? o.group : check.string(o.group, [...cp, 'group'], 'a group number or name');
    }
    if (o.header !== undefined) out.header = check.string(o.header, [...cp, 'header'], 'a header name').toLowerCase();
    return out;
  });
}

function expectations(check: Checker, value: unknown, path: Path): ExpectSpec[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: ExpectSpec[] = [];
  list.forEach((e, i) => {
    const ep = Array.isArray(value) ? [...path, i] : path;
    const o = check.object(e, ep, `an expectation such as { statusCode: 200 } (${EXPECTATIONS.join(', ')})`);
    for (const [type, v] of Object.entries(o)) {
      if (!EXPECTATIONS.includes(type)) throw check.fail([...ep, type], type, `an expectation loadline checks: ${EXPECTATIONS.join(', ')}`);
      out.push({ type, value: v });
    }
  });
  return out;
}

/** Artillery's `--overrides` and environments: objects merge key by key, anything else replaces. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && b !== null && typeof b === 'object' && !Array.isArray(b) ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}
