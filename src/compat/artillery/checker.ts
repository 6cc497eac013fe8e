import { describeValue, LoadlineError, parseDuration, type DataFile } from '../../core/index.js';
import { compileDeep, compileTemplate, TemplateError } from './template.js';

/** Where a field is in the script: keys and list indexes. */
export type Path = Array<string | number>;

/** Field checks that name the file, the line and what was expected. */
export class Checker {
  readonly source: DataFile;
  constructor(source: DataFile) {
    this.source = source;
  }

  fail(path: Path, value: unknown, expected: string, missing?: string, atKey = false): LoadlineError {
    const full = missing === undefined ? path : [...path, missing];
    // A key's own line is its map's line for the first key; the value may start lines below.
    const line = (atKey ? this.#keyLine(full) : undefined) ?? this.source.lineOf(full) ?? this.source.lineOf(path);
    const field = dotted(full);
    const got = value === undefined ? '' : `got ${describeValue(value)}, `;
    return new LoadlineError('LOADLINE_INVALID_FILE', `${this.source.file}${line ? `:${line}` : ''}: ${field}: ${got}expected ${expected}`, { file: this.source.file, line, field, value, expected });
  }

  unknown(path: Path): LoadlineError {
    return this.fail(path, undefined, 'no such field (unknown field)', undefined, true);
  }

  #keyLine(path: Path): number | undefined {
    const parent = path.slice(0, -1);
    const mapLine = this.source.lineOf(parent);
    const valueLine = this.source.lineOf(path);
    if (mapLine === undefined || valueLine === undefined) return valueLine;
    const data = parent.reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k], this.source.data) as Record<string, unknown> | undefined;
    const value = data?.[path[path.length - 1] as string];
    // A scalar value sits on its key's line; a nested map or list starts below it.
    return value !== null && typeof value === 'object' ? Math.max(mapLine, valueLine - 1) : valueLine;
  }

  object(value: unknown, path: Path, expected: string): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw this.fail(path, value, expected);
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: Path, expected: string): unknown[] {
    if (!Array.isArray(value)) throw this.fail(path, value, expected);
    return value;
  }

  string(value: unknown, path: Path, expected: string): string {
    if (typeof value !== 'string' || value === '') throw this.fail(path, value, expected);
    return value;
  }

  number(value: unknown, path: Path, expected: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.fail(path, value, expected);
    return value;
  }

  nonNegative(value: unknown, path: Path, expected: string): number {
    const n = this.number(value, path, expected);
    if (n < 0) throw this.fail(path, value, `${expected} (0 or more)`);
    return n;
  }

  positive(value: unknown, path: Path, expected: string, integer = false): number {
    const n = this.number(value, path, expected);
    if (n <= 0 || (integer && !Number.isInteger(n))) throw this.fail(path, value, `${expected} (${integer ? 'a whole number ' : ''}above 0)`);
    return n;
  }

  /** Artillery durations: a number of seconds, or text with a unit (`2m`). */
  seconds(value: unknown, path: Path): number {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value * 1000;
    if (typeof value === 'string') {
      try {
        return parseDuration(value.replace(/\s+/g, '').replace(/(\d)(sec|secs|seconds?)$/, '$1s').replace(/(\d)(mins?|minutes?)$/, '$1m'), dotted(path));
      } catch {
        // falls through to the message below
      }
    }
    throw this.fail(path, value, 'seconds, or a duration such as 30s or 2m');
  }

  /** A string that is a valid template (functions known, `{{` closed). */
  templated(value: unknown, path: Path, expected: string): string {
    if (typeof value === 'number') value = String(value);
    if (typeof value !== 'string') throw this.fail(path, value, expected);
    try {
      compileTemplate(value);
    } catch (err) {
      if (err instanceof TemplateError) throw this.fail(path, value, err.message);
      throw err;
    }
    return value;
  }

  templates(value: unknown, path: Path): void {
    if (typeof value === 'string') this.templated(value, path, 'text');
    else if (Array.isArray(value)) value.forEach((v, i) => this.templates(v, [...path, i]));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) this.templates(v, [...path, k]);
    else compileDeep(value);
  }
}

function dotted(path: Path): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : String(p)), '') || '(root)';
}
