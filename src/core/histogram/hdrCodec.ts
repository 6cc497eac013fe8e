import { deflateSync, inflateSync } from 'node:zlib';
import { invalidInput } from '../errors/errors.js';

/**
 * HdrHistogram's V2 encoding, as every HdrHistogram port writes and reads it: a 40-byte header
 * (cookie, payload length, normalizing index offset, significant digits, lowest discernible value,
 * highest trackable value, integer-to-double ratio; big-endian; the offset and the ratio are not
 * read for an integer histogram) and the counts by index as ZigZag
 * LEB128 words, a negative word standing for that many empty buckets. The compressed form is a
 * second cookie, the length, and the first form through zlib's deflate; loadline stores it base64.
 *
 * loadline's `SparseHistogram` writes and reads it here rather than through hdr-histogram-js:
 * that package costs a generator or a monitored service about 40 ms of CPU to load (its WASM
 * image, pako, number formatters), a tenth of a short `loadline run`'s fixed cost. The WASM
 * `Histogram` still uses hdr-histogram-js, loaded on its first use; tests check that both read
 * each other's encodings count for count.
 */

/** The cookies' base values; the low nibble of the third byte is the word size, 0x10 marks ZigZag LEB128 words. */
const V2_COOKIE = 0x1c849313;
const V2_COMPRESSED_COOKIE = 0x1c849314;
const COOKIE_BASE = ~0xf0;
export const V2_HEADER_BYTES = 40;

/** The header fields loadline's layout depends on. */
export interface HdrV2Header {
  significantDigits: number;
  lowestDiscernibleValue: number;
  highestTrackableValue: number;
}

/**
 * Encodes counts by index into HdrHistogram's compressed V2 encoding, base64. `forEachBucket`
 * visits the non-empty buckets in ascending index order.
 */
export function encodeHdrV2(header: HdrV2Header, forEachBucket: (visit: (index: number, count: number) => void) => void): string {
  const words = new WordWriter(V2_HEADER_BYTES);
  let next = 0;
  forEachBucket((index, count) => {
    // As HdrHistogram's encoders write it: one empty bucket as a zero count, a run as ZigZag of -run.
    const empty = index - next;
    if (empty === 1) words.write(0);
    else if (empty > 1) words.write(2 * empty - 1);
    words.write(2 * count);
    next = index + 1;
  });
  if (next === 0) words.write(0); // an empty histogram: the count of index 0, as they write it
  const raw = words.bytes();
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  // The header as hdr-histogram-js writes it (normalizing index offset 1, the conversion ratio as
  // the integer 1), so the bytes equal those loadline's result files held before; readers of a
  // plain integer histogram ignore both fields.
  view.setInt32(0, V2_COOKIE);
  view.setInt32(4, raw.byteLength - V2_HEADER_BYTES);
  view.setInt32(8, 1);
  view.setInt32(12, header.significantDigits);
  setInt64(view, 16, header.lowestDiscernibleValue);
  setInt64(view, 24, header.highestTrackableValue);
  setInt64(view, 32, 1);
  const compressed = deflateSync(raw);
  const out = Buffer.allocUnsafe(8 + compressed.byteLength);
  out.writeInt32BE(V2_COMPRESSED_COOKIE, 0);
  out.writeInt32BE(compressed.byteLength, 4);
  compressed.copy(out, 8);
  return out.toString('base64');
}

/**
 * Reads HdrHistogram's compressed V2 encoding (base64): its header, and each non-empty bucket in
 * ascending index order through `visit`. Throws `LOADLINE_INVALID_OPTION` (field `histogram`) for
 * anything else.
 */
export function decodeHdrV2(base64: string, visit: (index: number, count: number) => void): HdrV2Header {
  const bad = (why: string) => invalidInput({ field: 'histogram', value: `${base64.slice(0, 24)}${base64.length > 24 ? '...' : ''} (${why})`, expected: 'an HdrHistogram V2 compressed encoding in base64' });
  const data = Buffer.from(base64.trim(), 'base64');
  if (data.byteLength < 8 || (data.readInt32BE(0) & COOKIE_BASE) !== (V2_COMPRESSED_COOKIE & COOKIE_BASE)) throw bad('no V2 compressed cookie');
  let raw: Buffer;
  try {
    raw = inflateSync(data.subarray(8, 8 + data.readInt32BE(4)));
  } catch {
    throw bad('its compressed contents do not inflate');
  }
  if (raw.byteLength < V2_HEADER_BYTES || (raw.readInt32BE(0) & COOKIE_BASE) !== (V2_COOKIE & COOKIE_BASE)) throw bad('no V2 cookie inside');
  const end = V2_HEADER_BYTES + raw.readInt32BE(4);
  if (end > raw.byteLength) throw bad('its payload is cut short');
  readV2Counts(raw, end, visit);
  return {
    significantDigits: raw.readInt32BE(12),
    lowestDiscernibleValue: readInt64(raw, 16),
    highestTrackableValue: readInt64(raw, 24),
  };
}

/** Visits the non-empty counts of an uncompressed V2 encoding's payload, from its header to `end`. */
export function readV2Counts(bytes: Uint8Array, end: number, visit: (index: number, count: number) => void): void {
  let index = 0;
  for (let at = V2_HEADER_BYTES; at < end; ) {
    // LEB128 with multiplications, since words pass 2^31; HdrHistogram's ninth byte carries 8 bits.
    let b = bytes[at++]!;
    let word = b & 0x7f;
    let scale = 128;
    for (let n = 1; b & 0x80 && n < 8; n++, scale *= 128) {
      b = bytes[at++]!;
      word += (b & 0x7f) * scale;
    }
    if (b & 0x80) word += bytes[at++]! * scale;
    if (word % 2 === 1) {
      index += (word + 1) / 2;
      continue;
    }
    if (word > 0) visit(index, word / 2);
    index++;
  }
}

/** Unsigned LEB128 words into a growing buffer, after `reserved` bytes left for a header. */
class WordWriter {
  #buf: Uint8Array;
  #at: number;

  constructor(reserved: number) {
    this.#buf = new Uint8Array(256);
    this.#at = reserved;
  }

  write(word: number): void {
    if (this.#at + 10 > this.#buf.byteLength) {
      const grown = new Uint8Array(this.#buf.byteLength * 2);
      grown.set(this.#buf);
      this.#buf = grown;
    }
    const buf = this.#buf;
    while (word >= 128) {
      buf[this.#at++] = (word % 128) | 0x80;
      word = Math.floor(word / 128);
    }
    buf[this.#at++] = word;
  }

  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#at);
  }
}

function setInt64(view: DataView, at: number, value: number): void {
  view.setUint32(at, Math.floor(value / 2 ** 32));
  view.setUint32(at + 4, value % 2 ** 32);
}

function readInt64(bytes: Buffer, at: number): number {
  return bytes.readUInt32BE(at) * 2 ** 32 + bytes.readUInt32BE(at + 4);
}
