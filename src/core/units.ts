import { invalidInput, type LoadlineErrorDetails } from './errors/errors.js';

type Where = Pick<LoadlineErrorDetails, 'file' | 'line'>;

const DURATION_UNITS_MS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_PART = /(\d+(?:\.\d+)?)(us|µs|ms|s|m|h|d)/y;

/**
 * Parses a duration into milliseconds: `500ms`, `30s`, `2m`, `1h30m`, `1.5s`. A bare number is
 * taken as milliseconds when it is a number type, and rejected when it is a string, since `"30"`
 * is ambiguous.
 *
 * @example
 * parseDuration('1m30s', '--duration'); // 90000
 */
export function parseDuration(value: unknown, field: string, where: Where = {}): number {
  const expected = 'a duration such as 500ms, 30s, 2m or 1h30m';
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
    throw invalidInput({ ...where, field, value, expected });
  }
  if (typeof value !== 'string') throw invalidInput({ ...where, field, value, expected });
  const text = value.trim();
  let total = 0;
  let pos = 0;
  DURATION_PART.lastIndex = 0;
  while (pos < text.length) {
    DURATION_PART.lastIndex = pos;
    const m = DURATION_PART.exec(text);
    if (!m) throw invalidInput({ ...where, field, value, expected });
    total += Number(m[1]) * DURATION_UNITS_MS[m[2]!]!;
    pos = DURATION_PART.lastIndex;
  }
  if (pos === 0) throw invalidInput({ ...where, field, value, expected });
  return total;
}

const RATE_UNITS_S: Record<string, number> = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600 };

/**
 * Parses a rate into events per second: `200/s`, `200`, `6000/m`, `100/1m`, `10/5m`.
 *
 * @example
 * parseRate('6000/m', '--rate'); // 100
 */
export function parseRate(value: unknown, field: string, where: Where = {}): number {
  const expected = 'a positive rate such as 200/s, 200, 6000/m or 10/5m';
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value > 0) return value;
    throw invalidInput({ ...where, field, value, expected });
  }
  if (typeof value !== 'string') throw invalidInput({ ...where, field, value, expected });
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(?:(\d+(?:\.\d+)?)\s*)?([a-z]+))?\s*$/.exec(value);
  if (!m) throw invalidInput({ ...where, field, value, expected });
  const count = Number(m[1]);
  const per = m[3] === undefined ? 1 : RATE_UNITS_S[m[3]];
  if (per === undefined || count <= 0) throw invalidInput({ ...where, field, value, expected });
  const multiple = m[2] === undefined ? 1 : Number(m[2]);
  if (multiple <= 0) throw invalidInput({ ...where, field, value, expected });
  return count / (per * multiple);
}

const BYTE_UNITS: Record<string, number> = { b: 1, kb: 1000, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** Parses a size into bytes: `500KB`, `2MB`, `1.5MiB`, `1024` (bytes). KB is 1000 bytes, KiB 1024. */
export function parseBytes(value: unknown, field: string, where: Where = {}): number {
  const expected = 'a size such as 500KB, 2MB, 1.5MiB or a number of bytes';
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
    throw invalidInput({ ...where, field, value, expected });
  }
  if (typeof value !== 'string') throw invalidInput({ ...where, field, value, expected });
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  const unit = m ? BYTE_UNITS[(m[2] || 'b').toLowerCase()] : undefined;
  if (!m || unit === undefined) throw invalidInput({ ...where, field, value, expected });
  return Math.round(Number(m[1]) * unit);
}

/** Parses a fraction from `10%`, `0.1` or `10` (taken as percent when above 1). Returns 0.1. */
export function parsePercent(value: unknown, field: string, where: Where = {}): number {
  const expected = 'a percentage such as 10% or a fraction such as 0.1';
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text);
  if (!m) throw invalidInput({ ...where, field, value, expected });
  const n = Number(m[1]);
  return m[2] === '%' || n > 1 ? n / 100 : n;
}

/**
 * A byte count for people, in decimal units as k6 prints data_received.
 *
 * @example
 * formatBytes(2_500_000); // '2.5 MB'
 * formatBytes(90);        // '90 B'
 */
export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}
