import { escapeLabelValue, formatValue } from '../exposition/prometheusText.js';

const NEWLINE = 10;
const ZERO = 48;
const DOT = 46;
/** Room for one rendered number and its newline: a count prints at most 16 digits below 2^53, `String(double)` at most 24 characters. */
const MAX_NUMBER_BYTES = 25;

/**
 * One series of the `http_request_duration_seconds` histogram (method x route x status class):
 * fixed-bucket counts, sum and count, and its exposition lines as bytes. The lines' fixed parts
 * (`name_bucket{method="GET",...,le="0.005"} `) are encoded once, at the front of the series'
 * own byte array, and laid out with the numbers in the area behind. A later render writes each
 * cumulative bucket count over the digits it replaces, in place, as long as it has as many
 * digits as before (it mostly has: a count gains a digit ten times less often each time), and
 * rewrites only the `_sum` and `_count` lines behind; otherwise it lays the series out again. So
 * a scrape neither formats numbers into strings nor builds and encodes one big string, and a
 * series that took no request since it was last rendered is handed out as it was.
 */
export class StatusClassSeries {
  /** Non-cumulative count per bucket; the last one is `+Inf`. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  /** Counts and sum already handed out by `HttpMetrics.drainDelta` (cluster workers). */
  readonly exported: Float64Array;
  exportedSum = 0;
  /** Fixed line parts (buckets in order, then `_sum`, then `_count`), then the rendered lines. */
  readonly #bytes: Uint8Array;
  /** End offset in `#bytes` of each fixed part; each starts where the one before ends. */
  readonly #partEnds: number[];
  readonly #renderAt: number;
  /** Offset and digit count of each bucket's rendered number. */
  readonly #numberAt: Int32Array;
  readonly #numberDigits: Int32Array;
  /** Where the rendered `_sum` line starts. */
  #sumLineAt = -1;
  #rendered: Uint8Array | undefined;
  #renderedCount = -1;
  #renderedSum = -1;

  constructor(name: string, method: string, route: string, statusClass: string, le: readonly string[]) {
    this.counts = new Float64Array(le.length);
    this.exported = new Float64Array(le.length);
    this.#numberAt = new Int32Array(le.length);
    this.#numberDigits = new Int32Array(le.length);
    const labels = `method="${escapeLabelValue(method)}",route="${escapeLabelValue(route)}",status_code="${statusClass}"`;
    const parts = [...le.map((b) => `${name}_bucket{${labels},le="${b}"} `), `${name}_sum{${labels}} `, `${name}_count{${labels}} `];
    const encoded = parts.map((p) => Buffer.from(p, 'utf8'));
    const fixed = encoded.reduce((n, p) => n + p.length, 0);
    this.#bytes = new Uint8Array(2 * fixed + parts.length * MAX_NUMBER_BYTES);
    this.#partEnds = [];
    let at = 0;
    for (const p of encoded) {
      this.#bytes.set(p, at);
      at += p.length;
      this.#partEnds.push(at);
    }
    this.#renderAt = at;
  }

  /** This series' exposition lines (each ending in a newline); valid until the next call after a request is recorded. */
  bytes(): Uint8Array {
    if (this.#rendered !== undefined && this.count === this.#renderedCount && this.sum === this.#renderedSum) return this.#rendered;
    const b = this.#bytes;
    const counts = this.counts;
    let end: number;
    if (this.#rendered === undefined) end = this.#layOut();
    else {
      let cumulative = 0;
      let i = 0;
      for (; i < counts.length; i++) {
        cumulative += counts[i]!;
        const digits = this.#numberDigits[i]!;
        if (digitsOf(cumulative) !== digits) break;
        writeDigits(b, this.#numberAt[i]!, digits, cumulative);
      }
      end = i === counts.length ? this.#writeSumAndCount(this.#sumLineAt) : this.#layOut();
    }
    this.#rendered = b.subarray(this.#renderAt, end);
    this.#renderedCount = this.count;
    this.#renderedSum = this.sum;
    return this.#rendered;
  }

  /** Writes every line from scratch behind the fixed parts; returns where they end. */
  #layOut(): number {
    const b = this.#bytes;
    const ends = this.#partEnds;
    const counts = this.counts;
    let at = this.#renderAt;
    let from = 0;
    let cumulative = 0;
    for (let i = 0; i < counts.length; i++) {
      const to = ends[i]!;
      b.copyWithin(at, from, to);
      at += to - from;
      from = to;
      cumulative += counts[i]!;
      const digits = digitsOf(cumulative);
      this.#numberAt[i] = at;
      // -1: not a plain count (never in practice); written as text, and laid out again next time
      this.#numberDigits[i] = digits;
      at = digits < 0 ? writeAscii(b, at, formatValue(cumulative)) : writeDigits(b, at, digits, cumulative);
      b[at++] = NEWLINE;
    }
    this.#sumLineAt = at;
    return this.#writeSumAndCount(at);
  }

  /** Writes the `_sum` and `_count` lines at `at`; returns where they end. */
  #writeSumAndCount(at: number): number {
    const b = this.#bytes;
    const ends = this.#partEnds;
    const n = this.counts.length;
    let from = ends[n - 1]!;
    let to = ends[n]!;
    b.copyWithin(at, from, to);
    at = writeSeconds(b, at + to - from, this.sum);
    b[at++] = NEWLINE;
    from = to;
    to = ends[n + 1]!;
    b.copyWithin(at, from, to);
    at += to - from;
    const digits = digitsOf(this.count);
    at = digits < 0 ? writeAscii(b, at, formatValue(this.count)) : writeDigits(b, at, digits, this.count);
    b[at++] = NEWLINE;
    return at;
  }
}

/** Decimal digits of a count (a non-negative safe integer), or -1 for anything else. */
function digitsOf(n: number): number {
  if (!(n >= 0 && n <= Number.MAX_SAFE_INTEGER) || Math.floor(n) !== n) return -1;
  let digits = 1;
  for (let p = 10; p <= n; p *= 10) digits++;
  return digits;
}

/** '00' to '99': two digits per division. */
const DIGIT_PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  DIGIT_PAIRS[2 * i] = ZERO + Math.floor(i / 10);
  DIGIT_PAIRS[2 * i + 1] = ZERO + (i % 10);
}

/** Writes `n` (a non-negative safe integer) as exactly `digits` decimal digits, zero-padded, at `at`; returns the offset after them. */
function writeDigits(b: Uint8Array, at: number, digits: number, n: number): number {
  const end = at + digits;
  let i = end - 1;
  while (n > 0x7fffffff && i >= at) {
    const q = Math.floor(n / 10);
    b[i--] = ZERO + n - q * 10;
    n = q;
  }
  while (i > at) {
    const q = (n / 100) | 0;
    const pair = (n - q * 100) * 2;
    b[i] = DIGIT_PAIRS[pair + 1]!;
    b[i - 1] = DIGIT_PAIRS[pair]!;
    i -= 2;
    n = q;
  }
  if (i === at) b[i] = ZERO + (n % 10);
  return end;
}

/** Largest sum (s) written to the microsecond as digits; beyond it (about 285 years of request time) the sum is written as `String(sum)`. */
const MAX_FIXED_SECONDS = Math.floor(Number.MAX_SAFE_INTEGER / 1e6);

/**
 * Writes a sum of seconds rounded to the microsecond (`12.345678`): durations are measured to
 * about that, and integer digits cost a tenth of `String(double)`.
 */
function writeSeconds(b: Uint8Array, at: number, seconds: number): number {
  if (!(seconds >= 0 && seconds < MAX_FIXED_SECONDS)) return writeAscii(b, at, formatValue(seconds));
  const us = Math.round(seconds * 1e6);
  const whole = Math.floor(us / 1e6);
  at = writeDigits(b, at, digitsOf(whole), whole);
  b[at++] = DOT;
  return writeDigits(b, at, 6, us - whole * 1e6);
}

/** Writes an ASCII string (a formatted number) at `at`; returns the offset after it. */
function writeAscii(b: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) b[at + i] = text.charCodeAt(i);
  return at + text.length;
}
