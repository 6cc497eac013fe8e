import { readFile } from 'node:fs/promises';
import { extname, resolve, dirname } from 'node:path';
import { invalidInput, LoadlineError } from '../../../core/index.js';
import { parseCsv } from './csv.js';

/** A data file read into rows of variables. */
export interface DataRows {
  /** Absolute path of the file. */
  path: string;
  order: 'sequential' | 'random';
  rows: Array<Record<string, unknown>>;
}

export interface ReadDataOptions {
  /** Path as written, relative to the scenario file. */
  path: string;
  /** Column names for a CSV without a header row; default: first row is the header. */
  fields?: string[];
  /** Default `sequential`. */
  order?: 'sequential' | 'random';
  /** The scenario file, for relative paths and errors. */
  scenarioFile: string;
  /** Field path in the scenario (`data[0].path`), for errors. */
  field: string;
  /** Line of the field in the scenario, when known. */
  line?: number;
}

/**
 * Reads a `.csv` or `.json` data file (JSON: an array of objects). A missing, empty or malformed
 * file is a `LOADLINE_INVALID_FILE` error naming the scenario, the field and the data file.
 */
export async function readDataRows(options: ReadDataOptions): Promise<DataRows> {
  const path = resolve(dirname(options.scenarioFile), options.path);
  const where = { file: options.scenarioFile, line: options.line, field: options.field, value: options.path };
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.json') throw invalidInput({ ...where, expected: 'a .csv or .json data file' }, 'LOADLINE_INVALID_FILE');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw invalidInput({ ...where, expected: `a readable data file (${path}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'})` }, 'LOADLINE_INVALID_FILE');
  }
  let rows: Array<Record<string, unknown>>;
  if (ext === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw invalidInput({ ...where, expected: `a data file with valid JSON (${(err as Error).message})` }, 'LOADLINE_INVALID_FILE');
    }
    if (!Array.isArray(data) || data.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
      throw invalidInput({ ...where, expected: 'a JSON data file holding an array of objects' }, 'LOADLINE_INVALID_FILE');
    }
    rows = data as Array<Record<string, unknown>>;
  } else {
    let table: string[][];
    try {
      table = parseCsv(text);
    } catch (err) {
      throw new LoadlineError('LOADLINE_INVALID_FILE', `${path}: invalid CSV (${(err as Error).message})`, { file: path });
    }
    const header = options.fields ?? table.shift() ?? [];
    rows = table.map((cells, i) => {
      if (cells.length !== header.length) {
        const rowLine = i + 1 + (options.fields ? 0 : 1);
        throw new LoadlineError('LOADLINE_INVALID_FILE', `${path}:${rowLine}: expected ${header.length} fields (${header.join(', ')}), got ${cells.length}`, { file: path, line: rowLine });
      }
      const row: Record<string, unknown> = {};
      for (let c = 0; c < header.length; c++) row[header[c]!] = cells[c];
      return row;
    });
  }
  if (rows.length === 0) throw invalidInput({ ...where, expected: 'a data file with at least one row' }, 'LOADLINE_INVALID_FILE');
  return { path, order: options.order ?? 'sequential', rows };
}
