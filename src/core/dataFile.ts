import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Ajv2020 as Ajv2020Class } from 'ajv/dist/2020.js';
import type { Node } from 'yaml';
import { invalidInput, LoadlineError } from './errors/errors.js';

/** A parsed JSON or YAML file that still knows where each field came from. */
export interface DataFile {
  file: string;
  data: unknown;
  /** 1-based line of the field at `path` (as in `['stages', 1, 'target']`), when known. */
  lineOf(path: ReadonlyArray<string | number>): number | undefined;
}

/** Reads and parses a `.json`, `.yaml` or `.yml` file; syntax errors name the file and line. */
export async function readDataFile(file: string): Promise<DataFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new LoadlineError('LOADLINE_INVALID_FILE', `${file}: cannot read file (${code ?? (err as Error).message})`, { file }, { cause: err });
  }
  return parseDataText(text, file);
}

export function parseDataText(text: string, file: string): DataFile {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    try {
      return { file, data: JSON.parse(text), lineOf: () => undefined };
    } catch (err) {
      const pos = /position (\d+)/.exec((err as Error).message);
      const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
      throw new LoadlineError('LOADLINE_INVALID_FILE', `${file}${line ? `:${line}` : ''}: invalid JSON (${(err as Error).message})`, { file, line }, { cause: err });
    }
  }
  // yaml and ajv load on first use: every command imports the core, few read data files, and
  // loading both costs about 0.1 s of CPU at start-up.
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = yamlModule();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = first.linePos?.[0]?.line;
    throw new LoadlineError('LOADLINE_INVALID_FILE', `${file}${line ? `:${line}` : ''}: invalid YAML (${first.message.split('\n')[0]})`, { file, line });
  }
  return {
    file,
    data: doc.toJS(),
    lineOf(path) {
      let node: Node | null | undefined = doc.contents as Node | null;
      for (const key of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
          node = (pair?.value ?? pair?.key) as Node | undefined;
        } else if (isSeq(node) && typeof key === 'number') {
          node = node.items[key] as Node | undefined;
        } else return undefined;
      }
      const offset = node?.range?.[0];
      return offset === undefined ? undefined : lines.linePos(offset).line;
    },
  };
}

const requireLazily = createRequire(import.meta.url);
let yamlCache: typeof import('yaml') | undefined;
let ajvCache: Ajv2020Class | undefined;

function yamlModule(): typeof import('yaml') {
  return (yamlCache ??= requireLazily('yaml') as typeof import('yaml'));
}

function ajvInstance(): Ajv2020Class {
  if (!ajvCache) {
    const { Ajv2020 } = requireLazily('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    ajvCache = new Ajv2020({ allErrors: false, strict: false, useDefaults: false, validateFormats: false });
  }
  return ajvCache;
}

/** Compiles a JSON Schema once; reuse the returned function. */
export function compileSchema<T>(schema: object): ValidateFunction<T> {
  return ajvInstance().compile<T>(schema);
}

function pathOf(error: ErrorObject): Array<string | number> {
  const parts = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const out: Array<string | number> = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (error.keyword === 'additionalProperties') out.push((error.params as { additionalProperty: string }).additionalProperty);
  if (error.keyword === 'required') out.push((error.params as { missingProperty: string }).missingProperty);
  return out;
}

function dotted(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '') || '(root)';
}

function valueAt(data: unknown, path: ReadonlyArray<string | number>): unknown {
  let cur: unknown = data;
  for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[p] : undefined;
  return cur;
}

function expectedOf(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return 'no such field (unknown field)';
    case 'required':
      return 'this required field to be present';
    case 'enum':
      return `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `the value ${JSON.stringify(p.allowedValue)}`;
    case 'type':
      return `a value of type ${String(p.type)}`;
    default:
      return `a value that ${error.message ?? 'matches the schema'}`;
  }
}

/**
 * Validates `file.data` against a compiled schema and throws one `LOADLINE_INVALID_FILE` error
 * naming the file, line (YAML), field, value and what was expected.
 */
export function assertMatchesSchema<T>(validate: ValidateFunction<T>, file: DataFile): T {
  if (validate(file.data)) return file.data;
  const error = validate.errors![0]!;
  const path = pathOf(error);
  const details = { file: file.file, line: file.lineOf(path), field: dotted(path), expected: expectedOf(error) };
  const missing = error.keyword === 'required' || error.keyword === 'additionalProperties';
  throw invalidInput(missing ? details : { ...details, value: valueAt(file.data, path) }, 'LOADLINE_INVALID_FILE');
}
