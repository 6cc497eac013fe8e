/**
 * Every error loadline throws on purpose is a `LoadlineError` with a stable `code`
 * (`LOADLINE_*`), so callers branch on the code, never on the message text.
 */
import type { LoadlineErrorCode } from './errorCodes.js';

const kLoadlineError = Symbol.for('loadline.error');

export interface LoadlineErrorDetails {
  /** File the bad input came from, when it came from a file. */
  file?: string;
  /** Dotted path of the field or the CLI flag (`--duration`, `stages[1].target`). */
  field?: string;
  /** The value that was rejected. */
  value?: unknown;
  /** What was expected instead, in words. */
  expected?: string;
  /** 1-based line in `file`, when known. */
  line?: number;
}

export class LoadlineError extends Error {
  readonly code: LoadlineErrorCode;
  readonly details: LoadlineErrorDetails;

  constructor(code: LoadlineErrorCode, message: string, details: LoadlineErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LoadlineError';
    this.code = code;
    this.details = details;
  }

  /** Works across realms and duplicated installs, unlike `instanceof`. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== LoadlineError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[kLoadlineError] === true;
  }

  get [kLoadlineError](): true {
    return true;
  }
}

export function isLoadlineError(value: unknown, code?: LoadlineErrorCode): value is LoadlineError {
  return value instanceof LoadlineError && (code === undefined || value.code === code);
}

/** Renders a value for an error message: strings quoted, long values cut. */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (value === undefined || typeof value === 'function' || typeof value === 'symbol') text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The error for one bad input: names where it came from, the field, the value and what was expected.
 *
 * @example
 * throw invalidInput({ field: '--duration', value: '30x', expected: 'a duration such as 30s, 2m or 500ms' });
 * // --duration: got "30x", expected a duration such as 30s, 2m or 500ms
 */
export function invalidInput(details: LoadlineErrorDetails & { field: string; expected: string }, code: LoadlineErrorCode = 'LOADLINE_INVALID_OPTION'): LoadlineError {
  const where = details.file ? `${details.file}${details.line ? `:${details.line}` : ''}: ` : '';
  const got = 'value' in details ? `got ${describeValue(details.value)}, ` : '';
  return new LoadlineError(code, `${where}${details.field}: ${got}expected ${details.expected}`, details);
}
