import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { compileSchema, assertMatchesSchema, parseDataText } from '../dataFile.js';
import { LoadlineError } from '../errors/errors.js';
import { RESULT_FORMAT, RESULT_VERSION, type RunResult } from './result.js';

const schema = JSON.parse(readFileSync(new URL('../../../schema/result.v1.json', import.meta.url), 'utf8')) as object;
let validateResult: ReturnType<typeof compileSchema<RunResult>> | undefined;

/** The result file's JSON Schema (`schema/result.v1.json`). */
export const resultSchema = schema;

/**
 * Checks that `data` is a version-1 loadline result; a file from another version, another tool,
 * or a truncated file is rejected with the file and field named.
 */
export function parseResult(text: string, file: string): RunResult {
  if (text.trim() === '') throw new LoadlineError('LOADLINE_INVALID_FILE', `${file}: empty file, expected a loadline result (JSON)`, { file });
  const parsed = (() => {
    try {
      return parseDataText(text, file.endsWith('.json') ? file : `${file}.json`);
    } catch (err) {
      throw new LoadlineError('LOADLINE_INVALID_FILE', `${file}: not valid JSON, the file may be truncated (${(err as Error).message.replace(/^[^(]*\(/, '').replace(/\)$/, '')})`, { file }, { cause: err });
    }
  })();
  const data = parsed.data as Partial<RunResult> | null;
  if (!data || typeof data !== 'object' || data.format !== RESULT_FORMAT) {
    throw new LoadlineError('LOADLINE_INVALID_FILE', `${file}: format: expected "${RESULT_FORMAT}", this is not a loadline result file`, { file, field: 'format', value: data?.format });
  }
  if (data.version !== RESULT_VERSION) {
    throw new LoadlineError('LOADLINE_INVALID_FILE', `${file}: version: got ${JSON.stringify(data.version)}, expected ${RESULT_VERSION} (this loadline reads result format v${RESULT_VERSION})`, { file, field: 'version', value: data.version });
  }
  validateResult ??= compileSchema<RunResult>(schema);
  return assertMatchesSchema(validateResult, { ...parsed, file });
}

export async function readResult(file: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new LoadlineError('LOADLINE_INVALID_FILE', `${file}: cannot read result file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { file }, { cause: err });
  }
  return parseResult(text, file);
}
