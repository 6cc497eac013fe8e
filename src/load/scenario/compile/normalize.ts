import { basename, extname, resolve } from 'node:path';
import { invalidInput, isLoadlineError, LoadlineError, parseDuration, type DataFile } from '../../../core/index.js';
import { BUILTIN_METRICS, parseThreshold } from '../../stats/thresholds.js';
import { readDataRows } from './dataSource.js';
import { parseJsonPath } from '../run/jsonPath.js';
import { normalizeTags } from '../metrics/MetricRegistry.js';
import { checkName } from '../metrics/checkName.js';
import type { CaptureSpec, CheckSpec, RecordSpec, RequestModel, Scenario, Step, ThresholdSpec } from '../model.js';
import type { NormalizedCapture, NormalizedCheck, NormalizedRequest, NormalizedScenario, NormalizedStep, ThresholdRule } from './normalizedModel.js';
import { compileTemplate } from './template.js';
import { findUndefinedVariable, type VariableUse } from './undefinedVariables.js';

/** Redirects followed when a request does not say; as k6's default. */
export const DEFAULT_REDIRECTS = 10;

type Path = Array<string | number>;

/** Turns a schema-valid scenario into its normalized form, rejecting what the schema cannot see. */
export async function normalizeScenario(scenario: Scenario, source: DataFile): Promise<NormalizedScenario> {
  const file = source.file;
  const where = (path: Path) => ({ file, line: source.lineOf(path), field: dotted(path) });
  const fail = (path: Path, value: unknown, expected: string) => invalidInput({ ...where(path), value, expected }, 'LOADLINE_INVALID_FILE');
  const duration = (value: string, path: Path) => {
    try {
      return parseDuration(value, dotted(path), { file, line: source.lineOf(path) });
    } catch (err) {
      throw withLine(err, undefined);
    }
  };
  const uses: VariableUse[] = [];
  const template = (text: string, path: Path) => {
    const variables = compileTemplate(text, where(path)).variables.map((p) => p[0]!);
    if (variables.length > 0) uses.push({ path, variables });
    return text;
  };
  const captured = new Set<string>();
  // Code that gets the VU can set any variable: then which ones exist is not known before the run.
  let codeSetsVariables = scenario.before !== undefined;
  const regex = (text: string, path: Path) => {
    try {
      return new RegExp(text);
    } catch (err) {
      throw fail(path, text, `a valid regular expression (${(err as Error).message})`);
    }
  };
  const metrics = { ...(scenario.metrics ?? {}) };
  const recordTags = (tags: Record<string, string | number | boolean>, path: Path) => {
    try {
      return normalizeTags(tags, dotted(path));
    } catch (err) {
      if (!isLoadlineError(err)) throw err;
      const name = String(err.details.field ?? '').slice(dotted(path).length + 1);
      throw fail(name ? [...path, name] : path, err.details.value, String(err.details.expected ?? 'tags'));
    }
  };

  const capture = (c: CaptureSpec, path: Path): NormalizedCapture => {
    const sources = (['json', 'header', 'regex'] as const).filter((k) => c[k] !== undefined);
    if (sources.length !== 1) throw fail(path, c, 'exactly one of json, header or regex');
    const kind = sources[0]!;
    const text = c[kind]!;
    let group = 0;
    if (kind === 'json' && parseJsonPath(text) === null) throw fail([...path, 'json'], text, "a JSON path that can match, such as '$.token' or '$.items[0].id'");
    if (kind === 'header' && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(text)) throw fail([...path, 'header'], text, 'a header name');
    if (kind === 'regex') {
      const groups = new RegExp(`${regex(text, [...path, 'regex']).source}|`).exec('')!.length - 1;
      group = c.group ?? (groups > 0 ? 1 : 0);
      if (group > groups) throw fail([...path, 'group'], group, `a capture group the regex has (it has ${groups})`);
    } else if (c.group !== undefined) throw fail([...path, 'group'], c.group, 'group only with regex');
    captured.add(c.as);
    return { as: c.as, source: kind, expression: kind === 'header' ? text.toLowerCase() : text, group, default: c.default };
  };

  const check = (c: CheckSpec, path: Path): NormalizedCheck => {
    const status = c.status === undefined ? undefined : Array.isArray(c.status) ? [...c.status] : [c.status];
    if (c.header?.matches !== undefined) regex(c.header.matches, [...path, 'header', 'matches']);
    if (c.header?.equals !== undefined) template(c.header.equals, [...path, 'header', 'equals']);
    if (c.fn) codeSetsVariables = true;
    const body = c.body;
    if (body && typeof body === 'object') {
      if (body.matches !== undefined) regex(body.matches, [...path, 'body', 'matches']);
      if (body.json !== undefined && parseJsonPath(body.json) === null) throw fail([...path, 'body', 'json'], body.json, "a JSON path such as '$.ok'");
      if (body.equals !== undefined && body.json === undefined) throw fail([...path, 'body', 'equals'], body.equals, 'equals only together with json');
      if (Object.keys(body).length === 0) throw fail([...path, 'body'], body, 'at least one of contains, matches, json');
      if (body.contains !== undefined) template(body.contains, [...path, 'body', 'contains']);
      if (typeof body.equals === 'string') template(body.equals, [...path, 'body', 'equals']);
    }
    const maxDurationMs = c.maxDuration === undefined ? undefined : duration(c.maxDuration, [...path, 'maxDuration']);
    if (status === undefined && !c.header && !body && maxDurationMs === undefined && !c.fn) throw fail(path, c, 'a check with status, header, body, maxDuration or fn');
    return { name: c.name ?? checkName(c), status, header: c.header ? { ...c.header } : undefined, body, maxDurationMs, fn: c.fn };
  };

  const request = (r: RequestModel, path: Path): NormalizedRequest => {
    if (!r.path.startsWith('/')) throw fail([...path, 'path'], r.path, "a path starting with '/' (the origin comes from target)");
    const bodies = (['json', 'form', 'body'] as const).filter((k) => r[k] !== undefined);
    if (bodies.length > 1) throw fail([...path, bodies[1]!], r[bodies[1]!], `only one of json, form or body (already has ${bodies[0]})`);
    template(r.path, [...path, 'path']);
    const headers = templatedMap(r.headers ?? {}, [...path, 'headers'], template);
    const query = templatedMap(r.query ?? {}, [...path, 'query'], template);
    let body: NormalizedRequest['body'];
    if (r.json !== undefined) {
      forEachString(r.json, [...path, 'json'], template);
      body = { kind: 'json', value: structuredClone(r.json) };
    } else if (r.form !== undefined) body = { kind: 'form', fields: templatedMap(r.form, [...path, 'form'], template) };
    else if (r.body !== undefined) body = { kind: 'raw', text: template(r.body, [...path, 'body']) };
    const record = (r.record ?? []).map((rec, i): RecordSpec => {
      if (metrics[rec.metric] === undefined) throw fail([...path, 'record', i, 'metric'], rec.metric, `a metric declared under metrics (${Object.keys(metrics).join(', ') || 'none declared'})`);
      const tags = rec.tags === undefined ? {} : recordTags(rec.tags, [...path, 'record', i, 'tags']);
      // Frozen: the registry finds the series of a frozen tag object without building its key per sample.
      return Object.keys(tags).length ? { metric: rec.metric, value: rec.value, tags: Object.freeze(tags) } : { metric: rec.metric, value: rec.value };
    });
    const method = (r.method ?? 'GET').toUpperCase();
    return {
      name: r.name ?? `${method} ${r.path}`,
      method,
      path: r.path,
      headers,
      query,
      body,
      timeoutMs: r.timeout === undefined ? undefined : duration(r.timeout, [...path, 'timeout']),
      redirects: r.redirects === undefined || r.redirects === true ? DEFAULT_REDIRECTS : r.redirects === false ? 0 : r.redirects,
      captures: (r.capture ?? []).map((c, i) => capture(c, [...path, 'capture', i])),
      checks: (r.check ?? []).map((c, i) => check(c, [...path, 'check', i])),
      record,
    };
  };

  const step = (s: Step, path: Path): NormalizedStep => {
    if ('request' in s) return { kind: 'request', request: request(s.request, [...path, 'request']) };
    if ('batch' in s) return { kind: 'batch', requests: s.batch.map((r, i) => request(r, [...path, 'batch', i])) };
    const think = s.think;
    const p = [...path, 'think'];
    const [minMs, maxMs] = typeof think === 'string' ? [duration(think, p), duration(think, p)] : [duration(think.min, [...p, 'min']), duration(think.max, [...p, 'max'])];
    if (minMs > maxMs) throw fail(p, think, 'min not greater than max');
    return { kind: 'think', minMs, maxMs };
  };

  const thresholds: ThresholdRule[] = [];
  for (const [key, specs] of Object.entries(scenario.thresholds ?? {})) {
    specs.forEach((spec: ThresholdSpec, i) => {
      const path = ['thresholds', key, i];
      const obj = typeof spec === 'string' ? { threshold: spec } : spec;
      const textPath = typeof spec === 'string' ? path : [...path, 'threshold'];
      const known = { ...BUILTIN_METRICS, ...metrics };
      const base = key.replace(/\{.*$/, '').trim();
      if (known[base] === undefined) throw fail(['thresholds', key], key, `a built-in metric (${Object.keys(BUILTIN_METRICS).join(', ')}) or one declared under metrics`);
      let threshold;
      try {
        threshold = parseThreshold(`${key}:${obj.threshold}`, { field: dotted(textPath), file, metrics: known, level: obj.level, abortOnFail: obj.abortOnFail });
      } catch (err) {
        throw withLine(err, source.lineOf(textPath));
      }
      const delayAbortEvalMs = obj.delayAbortEval === undefined ? 0 : duration(obj.delayAbortEval, [...path, 'delayAbortEval']);
      thresholds.push({ key, ...threshold, delayAbortEvalMs });
    });
  }

  const data = [];
  for (const [i, d] of (scenario.data ?? []).entries()) {
    data.push(await readDataRows({ path: d.path, fields: d.fields, order: d.order, scenarioFile: file, field: `data[${i}].path`, line: source.lineOf(['data', i, 'path']) }));
  }
  if (scenario.target !== undefined) {
    const read = compileTemplate(scenario.target, where(['target'])).variables;
    // The target renders once, before any VU has variables.
    if (read.length > 0) throw fail(['target'], read[0]!.join('.'), 'only {{ $env.NAME }} in target (it renders before any VU has variables)');
    if (!/^(?:https?:\/\/|\{\{)/.test(scenario.target)) throw fail(['target'], scenario.target, 'an origin such as http://127.0.0.1:3000');
  }
  const normalized: NormalizedScenario = {
    name: scenario.name ?? basename(file, extname(file)),
    file: resolve(file),
    target: scenario.target,
    headers: templatedMap(scenario.headers ?? {}, ['headers'], template),
    cookies: scenario.cookies ?? true,
    data,
    metrics,
    thresholds,
    flows: scenario.flows.map((f, i) => ({ name: f.name, weight: f.weight ?? 1, steps: f.steps.map((s, j) => step(s, ['flows', i, 'steps', j])) })),
    hooks: { setup: scenario.setup, before: scenario.before, teardown: scenario.teardown },
  };
  if (!codeSetsVariables) {
    const defined = new Set<string>(captured);
    for (const d of data) for (const row of d.rows) for (const key of Object.keys(row)) defined.add(key);
    const found = findUndefinedVariable(uses, defined);
    if (found) {
      const names = [...defined].sort();
      const list = names.length === 0 ? 'none is defined' : `defined: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}`;
      const hint = found.suggestion === undefined ? '' : `; did you mean ${found.suggestion}?`;
      throw fail([...found.use.path], found.variable, `a variable that a data file column or a capture (as) defines (${list})${hint}`);
    }
  }
  return normalized;
}

function templatedMap(map: Record<string, string | number | boolean>, path: Path, template: (text: string, path: Path) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) out[k] = template(String(v), [...path, k]);
  return out;
}

function forEachString(value: unknown, path: Path, visit: (text: string, path: Path) => unknown): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => forEachString(v, [...path, i], visit));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) forEachString(v, [...path, k], visit);
}

function withLine(err: unknown, line: number | undefined): unknown {
  if (!isLoadlineError(err) || err.details.file === undefined) return err;
  const message = line === undefined ? err.message : err.message.replace(`${err.details.file}: `, `${err.details.file}:${line}: `);
  return new LoadlineError('LOADLINE_INVALID_FILE', message, { ...err.details, line: line ?? err.details.line }, { cause: err });
}

function dotted(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : String(p)), '');
}
