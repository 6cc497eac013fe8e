import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { access } from 'node:fs/promises';
import { assertMatchesSchema, compileSchema, importPeer, invalidInput, LoadlineError, readDataFile, type DataFile } from '../../../core/index.js';
import type { Scenario } from '../model.js';
import { normalizeScenario } from './normalize.js';
import type { NormalizedScenario } from './normalizedModel.js';
import { FUNCTION_MARK, scenarioSchema } from './schema.js';

const MODULE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const YAML_EXTENSIONS = ['.yaml', '.yml', '.json'];

let validators: { module: ReturnType<typeof compileSchema<Scenario>>; yaml: ReturnType<typeof compileSchema<Scenario>> } | undefined;

function schemas() {
  validators ??= { module: compileSchema<Scenario>(scenarioSchema(true)), yaml: compileSchema<Scenario>(scenarioSchema(false)) };
  return validators;
}

/**
 * Loads, validates and normalizes a scenario file: a TypeScript/JavaScript module whose default
 * export is the scenario (run through tsx, no build step), or a YAML (or JSON) file with the same
 * model. Every problem is found here, before any load: syntax errors, unknown fields, wrong types,
 * templates and captures that can never work, missing data files, unknown threshold metrics; each
 * is a `LOADLINE_INVALID_FILE` error naming the file, the field or line, and what was expected.
 *
 * @example
 * const scenario = await loadScenario('scenarios/checkout.ts');
 * scenario.flows[0].steps.length;
 */
export async function loadScenario(file: string): Promise<NormalizedScenario> {
  const path = resolve(file);
  const ext = extname(path).toLowerCase();
  if (MODULE_EXTENSIONS.includes(ext)) {
    const scenario = await importScenario(path);
    assertFunctionFields(scenario, path);
    const source: DataFile = { file: path, data: markFunctions(scenario), lineOf: () => undefined };
    assertMatchesSchema(schemas().module, source);
    return normalizeScenario(scenario as Scenario, source);
  }
  if (YAML_EXTENSIONS.includes(ext)) {
    const source = await readDataFile(path);
    const scenario = assertMatchesSchema(schemas().yaml, source);
    return normalizeScenario(scenario, source);
  }
  throw new LoadlineError('LOADLINE_INVALID_FILE', `${path}: expected a scenario file ending in ${[...MODULE_EXTENSIONS, ...YAML_EXTENSIONS].join(', ')}`, { file: path, expected: 'a .ts, .js or .yaml scenario file' });
}

async function importScenario(path: string): Promise<unknown> {
  const mod = await importScenarioModule(path);
  // tsx may wrap a CommonJS-style default in another default.
  let scenario = mod.default;
  if (scenario && typeof scenario === 'object' && 'default' in scenario && !('flows' in scenario)) scenario = (scenario as { default: unknown }).default;
  if (scenario === undefined && 'scenarios' in mod) {
    throw new LoadlineError('LOADLINE_INVALID_FILE', `${path}: default export: expected a scenario object; this module exports \`scenarios\` (a scenario set), which \`loadline run\` runs (planScenarioSet in a program); capacity searches and workers take one scenario (export default defineScenario({...}))`, {
      file: path,
      field: 'default export',
      expected: 'export default defineScenario({...})',
    });
  }
  if (scenario === undefined || scenario === null || typeof scenario !== 'object') {
    throw new LoadlineError('LOADLINE_INVALID_FILE', `${path}: default export: expected a scenario object (export default defineScenario({...}))`, {
      file: path,
      field: 'default export',
      expected: 'export default defineScenario({...})',
    });
  }
  return scenario;
}

/**
 * Imports a TypeScript or JavaScript scenario module (through tsx, no build step) and returns its
 * namespace; a missing file or a module that does not compile or throws is `LOADLINE_INVALID_FILE`
 * naming the file and line.
 */
export async function importScenarioModule(path: string): Promise<Record<string, unknown>> {
  try {
    await access(path);
  } catch (err) {
    throw new LoadlineError('LOADLINE_INVALID_FILE', `${path}: cannot read file (${(err as NodeJS.ErrnoException).code})`, { file: path }, { cause: err });
  }
  const tsImport = await loadTsx(path);
  let mod: Record<string, unknown>;
  try {
    mod = (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
  } catch (err) {
    const text = String((err as Error)?.message ?? err);
    const line = new RegExp(`${escapeRegex(path)}:(\\d+)`).exec(text)?.[1] ?? /:(\d+):\d+: ERROR/.exec(text)?.[1];
    const first = text.split('\n').find((l) => l.includes('ERROR')) ?? text.split('\n')[0];
    throw new LoadlineError(
      'LOADLINE_INVALID_FILE',
      `${path}${line ? `:${line}` : ''}: cannot load scenario module (${first?.trim()})`,
      { file: path, line: line ? Number(line) : undefined, expected: 'a module that compiles and runs' },
      { cause: err },
    );
  }
  return mod;
}

/**
 * tsx, an optional peer dependency, loaded the first time a module scenario is: YAML scenarios and
 * the rest of loadline never need it (it pulls esbuild), so a missing install fails here, coded.
 */
async function loadTsx(file: string): Promise<typeof import('tsx/esm/api').tsImport> {
  const tsx = await importPeer<typeof import('tsx/esm/api')>('tsx/esm/api', { neededFor: `a TypeScript or JavaScript scenario (${file})`, file });
  return tsx.tsImport;
}

/**
 * Fields that take a function in a module must hold one: checked before the schema, whose
 * message for them ("the value FUNCTION_MARK") would say nothing useful.
 */
function assertFunctionFields(scenario: unknown, file: string): void {
  const must = (value: unknown, field: string) => {
    if (value !== undefined && typeof value !== 'function') throw invalidInput({ file, field, value, expected: 'a function' }, 'LOADLINE_INVALID_FILE');
  };
  const s = scenario as Record<string, unknown>;
  for (const hook of ['setup', 'before', 'teardown']) must(s[hook], hook);
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  list(s.flows).forEach((flow, i) => {
    list((flow as Record<string, unknown> | null)?.steps).forEach((step, j) => {
      const st = step as Record<string, unknown> | null;
      const requests = st?.request !== undefined ? [['request', st.request]] : list(st?.batch).map((r, k) => [`batch[${k}]`, r]);
      for (const [where, request] of requests as Array<[string, Record<string, unknown> | null]>) {
        list(request?.check).forEach((check, c) => must((check as Record<string, unknown> | null)?.fn, `flows[${i}].steps[${j}].${where}.check[${c}].fn`));
      }
    });
  });
}

/** A deep copy with every function replaced by FUNCTION_MARK, for schema validation. */
function markFunctions(value: unknown): unknown {
  if (typeof value === 'function') return FUNCTION_MARK;
  if (Array.isArray(value)) return value.map(markFunctions);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = markFunctions(v);
    return out;
  }
  return value;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
