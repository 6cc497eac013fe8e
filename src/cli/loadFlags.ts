import { invalidInput, parseDuration, parseRate } from '../core/index.js';
import type { Stage } from '../load/index.js';

/**
 * The load flags `loadline run` reads the same way for its own scenarios and for k6 scripts and
 * Artillery files, so `--stage` and the counts mean one thing whatever the scenario is.
 */

/**
 * One `--stage`: `DURATION:VUS` for a closed model, `DURATION:RATE` for an open one (a rate of 0,
 * with or without a unit, ramps down to no arrivals).
 */
export function parseStage(text: string, open: boolean): Stage {
  const expected = open ? 'DURATION:RATE, e.g. 30s:100 (ramp to 100 arrivals/s over 30 s)' : 'DURATION:VUS, e.g. 30s:50 (ramp to 50 VUs over 30 s)';
  const sep = text.lastIndexOf(':');
  if (sep === -1) throw invalidInput({ field: '--stage', value: text, expected });
  let durationMs: number;
  try {
    durationMs = parseDuration(text.slice(0, sep), '--stage');
  } catch {
    throw invalidInput({ field: '--stage', value: text, expected });
  }
  const target = open ? parseRateOrZero(text.slice(sep + 1)) : Number(text.slice(sep + 1));
  if (!Number.isFinite(target) || target < 0 || (!open && !Number.isInteger(target))) throw invalidInput({ field: '--stage', value: text, expected });
  return { durationMs, target };
}

/** A rate per second, 0 for `0` or `0/s` (which `parseRate` refuses), NaN when it is not a rate. */
export function parseRateOrZero(text: string): number {
  if (/^\s*0+(\/\w+)?\s*$/.test(text)) return 0;
  try {
    return parseRate(text, '--stage');
  } catch {
    return NaN;
  }
}

/** A whole-number flag of at least `min`; undefined when the flag is absent. */
export function parseCount(text: string | undefined, field: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min) throw invalidInput({ field, value: text, expected: `an integer of at least ${min}` });
  return n;
}
