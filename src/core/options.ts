import { invalidInput } from './errors/errors.js';

/**
 * Constructor-time checks for option objects, in the style of lru-cache: each throws a
 * `LOADLINE_INVALID_OPTION` error naming the option, the value and what was expected.
 */
export interface NumberBounds {
  /** Smallest allowed value, inclusive. */
  min?: number;
  /** Largest allowed value, inclusive. */
  max?: number;
  /** Smallest allowed value, exclusive (`0` for "positive"). */
  above?: number;
}

function boundsText(kind: string, b: NumberBounds): string {
  const parts: string[] = [];
  if (b.above !== undefined) parts.push(`greater than ${b.above}`);
  if (b.min !== undefined) parts.push(`at least ${b.min}`);
  if (b.max !== undefined) parts.push(`at most ${b.max}`);
  return parts.length ? `${kind} ${parts.join(' and ')}` : kind;
}

function inBounds(n: number, b: NumberBounds): boolean {
  return (b.min === undefined || n >= b.min) && (b.max === undefined || n <= b.max) && (b.above === undefined || n > b.above);
}

export function checkNumber(value: unknown, field: string, bounds: NumberBounds = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !inBounds(value, bounds)) {
    throw invalidInput({ field, value, expected: boundsText('a finite number', bounds) });
  }
  return value;
}

export function checkInteger(value: unknown, field: string, bounds: NumberBounds = {}): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || !inBounds(value, bounds)) {
    throw invalidInput({ field, value, expected: boundsText('an integer', bounds) });
  }
  return value;
}

export function checkOptionalNumber(value: unknown, field: string, bounds: NumberBounds = {}): number | undefined {
  return value === undefined ? undefined : checkNumber(value, field, bounds);
}

export function checkOptionalInteger(value: unknown, field: string, bounds: NumberBounds = {}): number | undefined {
  return value === undefined ? undefined : checkInteger(value, field, bounds);
}

export function checkFunction<T extends (...args: never[]) => unknown>(value: unknown, field: string): T {
  if (typeof value !== 'function') throw invalidInput({ field, value, expected: 'a function' });
  return value as T;
}

export function checkString(value: unknown, field: string, { nonEmpty = true } = {}): string {
  if (typeof value !== 'string' || (nonEmpty && value.length === 0)) {
    throw invalidInput({ field, value, expected: nonEmpty ? 'a non-empty string' : 'a string' });
  }
  return value;
}

export function checkOneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw invalidInput({ field, value, expected: `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}` });
  }
  return value as T;
}

/** Rejects keys of `options` that are not in `known`, naming the first unknown one. */
export function checkKnownKeys(options: object, known: readonly string[], prefix = ''): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw invalidInput({ field: `${prefix}${key}`, expected: `no such option; known options are ${known.join(', ')}` });
    }
  }
}
