/**
 * Incremental HTTP/1.1 response parser, written for a load generator's hot path: it reads the
 * status line and the few headers that frame the message (Content-Length, Transfer-Encoding,
 * Connection) straight from the bytes, leaves every other header unparsed (see `parseHeaderBlock`),
 * and hands body bytes on as offsets into the socket's own buffer, so a body that nobody captures
 * is counted and never copied.
 */

/** What the parser reports to its connection, in wire order. */
export interface ResponseParserSink {
  /** The first byte of a response (its head) has arrived. */
  onResponseBegin(): void;
  /**
   * A final response head (1xx heads are skipped): the status line and headers are
   * `chunk[start..end)`, valid only during the call (it may be a reused read buffer).
   * Returns true when the request was HEAD, i.e. no body follows whatever the headers say.
   */
  /** `setsCookie` is false only when no header line can be a `Set-Cookie` (so no one needs to look). */
  onResponseHead(status: number, chunk: Buffer, start: number, end: number, keepAlive: boolean, setsCookie: boolean): boolean;
  /**
   * Body bytes `chunk[start..end)`, already de-chunked. Valid only during the call: copy to keep.
   * `last` is true when these bytes end a body of known length (Content-Length).
   */
  onResponseBody(chunk: Buffer, start: number, end: number, last: boolean): void;
  /** The response ended; `bytes` counts its head, body and framing on the wire. */
  onResponseComplete(bytes: number, keepAlive: boolean): void;
  /** The bytes are not HTTP/1.x; the connection cannot be used any further. */
  onParseError(message: string): void;
}

/** How a connection close found the parser. */
export type FinishState = 'idle' | 'completed' | 'truncated';

const HEAD = 0;
const LENGTH = 1;
const CHUNK_SIZE = 2;
const CHUNK_EXT = 3;
const CHUNK_DATA = 4;
const CHUNK_DATA_END = 5;
const TRAILER = 6;
const UNTIL_CLOSE = 7;
const DEAD = 8;

const CR = 13;
const LF = 10;
const COLON = 58;
const SP = 32;
const HT = 9;

/** Heads larger than this are a protocol error rather than a reason to buffer forever. */
const MAX_HEAD_BYTES = 80 * 1024;
/** Consecutive heads unlike the last one before comparing pauses, and for how many heads it does. */
const REPEAT_MISSES = 8;
const REPEAT_PAUSE = 1024;
/** Heads longer than this are not remembered. */
const REPEAT_MAX_BYTES = 1024;

function matchLower(buf: Buffer, at: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    if ((buf[at + k]! | 0x20) !== lower.charCodeAt(k)) return false;
  }
  return true;
}

export class ResponseParser {
  readonly #sink: ResponseParserSink;
  #state = HEAD;
  #pending: Buffer | null = null;
  /** Bytes of the current response so far. */
  #bytes = 0;
  #remaining = 0;
  #keepAlive = true;
  #sawSizeDigit = false;
  #trailerLineLength = 0;
  #begun = false;
  /**
   * The last final head parsed (bytes `#repeat[0..#repeatLength)`) and what it said. A server
   * answering the same request alike sends the same head again, byte for byte: such a head is
   * compared (one memcmp) instead of parsed. Identical bytes parse identically, so nothing changes
   * but the cost; a `Date` line that ticks over costs one full parse per second.
   */
  #repeat: Buffer | null = null;
  /** Views for comparing four bytes at a time: of `#repeat`, and of the connection's reused read buffer. */
  #repeatView: DataView | null = null;
  readonly #readBuffer: Buffer | null;
  readonly #readView: DataView | null;
  #repeatLength = 0;
  #repeatStatus = 0;
  #repeatKeepAlive = false;
  #repeatContentLength = -1;
  #repeatChunked = false;
  #repeatSetsCookie = false;
  /** Heads in a row that differed from the last one; past `REPEAT_MISSES` the comparison pauses. */
  #repeatMisses = 0;
  /** Full parses left before heads are remembered again (heads that differ every time are not compared). */
  #repeatPause = 0;

  /** `readBuffer`: the buffer every chunk is read into, when the caller reuses one (its view is made once). */
  constructor(sink: ResponseParserSink, readBuffer?: Buffer) {
    this.#sink = sink;
    this.#readBuffer = readBuffer ?? null;
    this.#readView = readBuffer ? new DataView(readBuffer.buffer, readBuffer.byteOffset, readBuffer.byteLength) : null;
  }

  /** True while a response has started and not ended. */
  get busy(): boolean {
    return this.#begun || this.#pending !== null || (this.#state !== HEAD && this.#state !== DEAD);
  }

  /** Stops parsing: the rest of the current chunk and any later one are ignored. */
  stop(): void {
    this.#state = DEAD;
    this.#pending = null;
  }

  /**
   * Parses `chunk[0..length)`. The chunk may be a read buffer the caller reuses: the parser keeps
   * no reference to it after returning (an incomplete head is copied).
   */
  execute(chunk: Buffer, length: number = chunk.length): void {
    let buf = chunk;
    let end = length;
    if (this.#pending !== null) {
      buf = Buffer.concat([this.#pending, chunk.subarray(0, length)]);
      end = buf.length;
      this.#pending = null;
    }
    let pos = 0;
    while (pos < end) {
      switch (this.#state) {
        case HEAD: {
          if (!this.#begun) {
            this.#begun = true;
            this.#sink.onResponseBegin();
            if ((this.#state as number) === DEAD) return;
          }
          const used = this.#parseHead(buf, pos, end);
          if (used === 0) {
            if (end - pos > MAX_HEAD_BYTES) return this.#fail(`response head larger than ${MAX_HEAD_BYTES} bytes`);
            this.#pending = Buffer.from(buf.subarray(pos, end));
            return;
          }
          if (used < 0) return this.#fail('malformed response head');
          pos += used;
          break;
        }
        case LENGTH: {
          const n = Math.min(this.#remaining, end - pos);
          this.#sink.onResponseBody(buf, pos, pos + n, n === this.#remaining);
          pos += n;
          this.#bytes += n;
          this.#remaining -= n;
          if (this.#remaining === 0) this.#complete();
          break;
        }
        case UNTIL_CLOSE:
          this.#sink.onResponseBody(buf, pos, end, false);
          this.#bytes += end - pos;
          pos = end;
          break;
        case CHUNK_DATA: {
          const n = Math.min(this.#remaining, end - pos);
          this.#sink.onResponseBody(buf, pos, pos + n, false);
          pos += n;
          this.#bytes += n;
          this.#remaining -= n;
          if (this.#remaining === 0) this.#state = CHUNK_DATA_END;
          break;
        }
        case CHUNK_SIZE:
        case CHUNK_EXT:
        case CHUNK_DATA_END:
        case TRAILER:
          pos = this.#chunkFraming(buf, pos, end);
          break;
        default:
          return;
      }
    }
  }

  /**
   * The connection closed. A body read until close is complete now; anything else in progress
   * was cut short.
   */
  finish(): FinishState {
    const state = this.#state;
    if (state === UNTIL_CLOSE) {
      this.#complete();
      return 'completed';
    }
    if (state === DEAD || (state === HEAD && !this.busy)) return 'idle';
    this.stop();
    return 'truncated';
  }

  #fail(message: string): void {
    this.stop();
    this.#sink.onParseError(message);
  }

  #complete(): void {
    const bytes = this.#bytes;
    const keepAlive = this.#keepAlive;
    this.#bytes = 0;
    this.#begun = false;
    this.#state = keepAlive ? HEAD : DEAD;
    this.#sink.onResponseComplete(bytes, keepAlive);
  }

  /** Chunk-size lines, the CRLF after chunk data, and trailers: byte by byte, they are short. */
  #chunkFraming(buf: Buffer, pos: number, end: number): number {
    const start = pos;
    while (pos < end) {
      const c = buf[pos++]!;
      switch (this.#state) {
        case CHUNK_SIZE: {
          const d = c >= 48 && c <= 57 ? c - 48 : (c | 0x20) >= 97 && (c | 0x20) <= 102 ? (c | 0x20) - 87 : -1;
          if (d >= 0) {
            this.#remaining = this.#remaining * 16 + d;
            this.#sawSizeDigit = true;
            if (this.#remaining > Number.MAX_SAFE_INTEGER / 16) return this.#framingError(start, pos, 'chunk size too large');
            continue;
          }
          if (c !== LF) {
            this.#state = CHUNK_EXT;
            continue;
          }
          break;
        }
        case CHUNK_EXT:
          if (c !== LF) continue;
          break;
        case CHUNK_DATA_END:
          if (c === CR) continue;
          if (c !== LF) return this.#framingError(start, pos, 'missing CRLF after chunk data');
          this.#state = CHUNK_SIZE;
          this.#remaining = 0;
          this.#sawSizeDigit = false;
          continue;
        case TRAILER:
          if (c === CR) continue;
          if (c !== LF) {
            this.#trailerLineLength++;
            continue;
          }
          if (this.#trailerLineLength > 0) {
            this.#trailerLineLength = 0;
            continue;
          }
          this.#bytes += pos - start;
          this.#complete();
          return pos;
        default:
          this.#bytes += pos - start;
          return pos;
      }
      // end of a chunk-size line
      if (!this.#sawSizeDigit) return this.#framingError(start, pos, 'chunk size missing');
      if (this.#remaining === 0) {
        this.#state = TRAILER;
        this.#trailerLineLength = 0;
      } else {
        this.#state = CHUNK_DATA;
        this.#bytes += pos - start;
        return pos;
      }
    }
    this.#bytes += pos - start;
    return pos;
  }

  #framingError(start: number, pos: number, message: string): number {
    this.#bytes += pos - start;
    this.#fail(`malformed chunked body: ${message}`);
    return Number.MAX_SAFE_INTEGER;
  }

  /** Parses one head at `start`; returns the bytes it used, 0 when incomplete, -1 when malformed. */
  #parseHead(buf: Buffer, start: number, end: number): number {
    const n = this.#repeatLength;
    if (n !== 0 && end - start >= n && buf[start + n - 1] === LF && buf[start + n - 2] === CR) {
      if (this.#sameAsRepeat(buf, start, n)) {
        this.#repeatMisses = 0;
        this.#bytes += n;
        return this.#headEnd(buf, start, n, this.#repeatStatus, this.#repeatKeepAlive, this.#repeatContentLength, this.#repeatChunked, this.#repeatSetsCookie);
      }
      if (++this.#repeatMisses >= REPEAT_MISSES) {
        this.#repeatLength = 0;
        this.#repeatMisses = 0;
        this.#repeatPause = REPEAT_PAUSE;
      }
    }
    let i = start;
    while (i < end && buf[i] !== LF) i++;
    if (i >= end) return 0;
    if (
      i - start < 12 || buf[start] !== 72 || buf[start + 1] !== 84 || buf[start + 2] !== 84 || buf[start + 3] !== 80 ||
      buf[start + 4] !== 47 || buf[start + 5] !== 49 || buf[start + 6] !== 46 || buf[start + 8] !== SP
    ) return -1;
    const s0 = buf[start + 9]! - 48;
    const s1 = buf[start + 10]! - 48;
    const s2 = buf[start + 11]! - 48;
    if (s0 < 1 || s0 > 9 || s1 < 0 || s1 > 9 || s2 < 0 || s2 > 9) return -1;
    const status = s0 * 100 + s1 * 10 + s2;
    let keepAlive = buf[start + 7] !== 48; // HTTP/1.0 closes unless it says keep-alive
    let contentLength = -1;
    let chunked = false;
    let setsCookie = false;
    i++;
    for (;;) {
      if (i >= end) return 0;
      const first = buf[i];
      if (first === CR || first === LF) {
        if (first === CR) {
          if (i + 1 >= end) return 0;
          if (buf[i + 1] !== LF) return -1;
          i++;
        }
        i++;
        break;
      }
      // Two tight loops (name up to the colon, then value up to LF) with one comparison per byte:
      // this is the hottest loop of a pipelined run.
      const lineStart = i;
      let c = first;
      while (c !== COLON && c !== LF && i < end) c = buf[++i]!;
      if (i >= end) return 0;
      if (c === LF) return -1;
      const colon = i;
      while (c !== LF && i < end) c = buf[++i]!;
      if (i >= end) return 0;
      const lineEnd = buf[i - 1] === CR ? i - 1 : i;
      i++;
      const nameLength = colon - lineStart;
      // Whitespace before the colon is not valid HTTP, but it must not hide a cookie.
      if ((nameLength === 10 && matchLower(buf, lineStart, 'set-cookie')) || buf[colon - 1] === SP || buf[colon - 1] === HT) setsCookie = true;
      if (nameLength !== 14 && nameLength !== 10 && nameLength !== 17) continue;
      let v = colon + 1;
      while (v < lineEnd && (buf[v] === SP || buf[v] === HT)) v++;
      let ve = lineEnd;
      while (ve > v && (buf[ve - 1] === SP || buf[ve - 1] === HT)) ve--;
      if (nameLength === 14 && matchLower(buf, lineStart, 'content-length')) {
        let n = 0;
        for (let k = v; k < ve; k++) {
          const d = buf[k]! - 48;
          if (d < 0 || d > 9) return -1;
          n = n * 10 + d;
        }
        if (ve === v || n > Number.MAX_SAFE_INTEGER) return -1;
        contentLength = n;
      } else if (nameLength === 17 && matchLower(buf, lineStart, 'transfer-encoding')) {
        chunked = ve - v >= 7 && matchLower(buf, ve - 7, 'chunked');
      } else if (nameLength === 10 && matchLower(buf, lineStart, 'connection')) {
        if (ve - v === 10 && matchLower(buf, v, 'keep-alive')) keepAlive = true;
        else if (ve - v === 5 && matchLower(buf, v, 'close')) keepAlive = false;
        else {
          const tokens = buf.toString('latin1', v, ve).toLowerCase().split(',').map((t) => t.trim());
          if (tokens.includes('close')) keepAlive = false;
          else if (tokens.includes('keep-alive')) keepAlive = true;
        }
      }
    }
    const used = i - start;
    this.#bytes += used;
    if (status < 200 && status !== 101) return used; // interim response; the final one follows
    if (status === 101) keepAlive = false; // the connection is no longer HTTP
    else if (this.#repeatPause > 0) this.#repeatPause--;
    else if (used <= REPEAT_MAX_BYTES) this.#remember(buf, start, used, status, keepAlive, contentLength, chunked, setsCookie);
    return this.#headEnd(buf, start, used, status, keepAlive, contentLength, chunked, setsCookie);
  }

  /**
   * Whether `buf[start..start+n)` holds the remembered head. Eight bytes at a time as float64s
   * through DataViews, in JavaScript: `Buffer#compare` costs more in argument checks and the C++
   * call than the comparison itself for a head of a hundred or two bytes, and four-byte steps cost
   * 650 more instructions per response than eight-byte ones (bench/cachegrind/engine.mjs, 200
   * connections against nginx). Float comparison is not bit comparison in two cases, so both end
   * the fast loop and the rest is compared byte by byte: NaN (never equal to itself) and zero
   * (+0 === -0, bytes that differ in the sign bit). Text heads give neither in practice. No view
   * of a chunk is kept but the reused read buffer's.
   */
  #sameAsRepeat(buf: Buffer, start: number, n: number): boolean {
    const view = buf === this.#readBuffer ? this.#readView! : new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const repeatView = this.#repeatView!;
    let k = 0;
    for (; k + 8 <= n; k += 8) {
      const value = view.getFloat64(start + k, true);
      if (value !== repeatView.getFloat64(k, true) || value === 0) break;
    }
    const repeat = this.#repeat!;
    for (; k < n; k++) if (buf[start + k] !== repeat[k]) return false;
    return true;
  }

  #remember(buf: Buffer, start: number, used: number, status: number, keepAlive: boolean, contentLength: number, chunked: boolean, setsCookie: boolean): void {
    let repeat = this.#repeat;
    if (repeat === null || repeat.length < used) {
      repeat = this.#repeat = Buffer.allocUnsafeSlow(Math.max(256, used));
      this.#repeatView = new DataView(repeat.buffer, repeat.byteOffset, repeat.byteLength);
    }
    buf.copy(repeat, 0, start, start + used);
    this.#repeatLength = used;
    this.#repeatStatus = status;
    this.#repeatKeepAlive = keepAlive;
    this.#repeatContentLength = contentLength;
    this.#repeatChunked = chunked;
    this.#repeatSetsCookie = setsCookie;
  }

  /** A final head of `used` bytes at `start` was read: reports it and sets up reading its body. */
  #headEnd(buf: Buffer, start: number, used: number, status: number, keepAlive: boolean, contentLength: number, chunked: boolean, setsCookie: boolean): number {
    const i = start + used;
    this.#keepAlive = keepAlive;
    const isHeadRequest = this.#sink.onResponseHead(status, buf, start, i, keepAlive, setsCookie);
    if (this.#state === DEAD) return used;
    if (isHeadRequest || status === 204 || status === 304 || status === 101) {
      this.#complete();
    } else if (chunked) {
      this.#state = CHUNK_SIZE;
      this.#remaining = 0;
      this.#sawSizeDigit = false;
    } else if (contentLength >= 0) {
      if (contentLength === 0) this.#complete();
      else {
        this.#state = LENGTH;
        this.#remaining = contentLength;
      }
    } else {
      this.#keepAlive = false;
      this.#state = UNTIL_CLOSE;
    }
    return used;
  }
}
