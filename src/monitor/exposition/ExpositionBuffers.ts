/** An exposition written in a buffer lent for one scrape. */
export interface ExpositionLease {
  /** The exposition; read it only until `release()`, after which the next scrape may overwrite it. */
  readonly bytes: Buffer;
  /** Gives the buffer back once nothing reads `bytes` any more (the response holding it is written or closed); calling it again does nothing. */
  release(): void;
}

/** Room allocated beyond the bytes needed, so an exposition that grows a little keeps its buffer. */
const HEADROOM = 1.25;
const ALIGN = 64 * 1024;
/** A free buffer over this many times the bytes a scrape needs counts as too large... */
const OVERSIZE_FACTOR = 4;
/** ...and is replaced by one of the right size after this many scrapes in a row found it so. */
const OVERSIZE_SCRAPES = 16;
/** Buffers kept for reuse; a scrape that finds none free (concurrent scrapes) allocates. */
const MAX_FREE = 2;

/**
 * Buffers reused across scrapes: a `/metrics` body of 750 series is ~1.1 MB, and writing it into
 * fresh memory every scrape costs a page fault per 4 KiB (about half of a render's CPU). A buffer
 * goes back to the free list only when its lease is released, so a response still being written
 * is never overwritten by the next scrape: that one takes another buffer. Only free buffers are
 * referenced here, so a lease never released is simply collected.
 */
export class ExpositionBuffers {
  readonly #free: Buffer[] = [];
  #oversizedScrapes = 0;

  /** Lends a buffer of at least `length` bytes, filled by `fill` (which writes `length` bytes at its start). */
  lease(length: number, fill: (target: Buffer) => void): ExpositionLease {
    const buffer = this.#take(length);
    fill(buffer);
    let released = false;
    return {
      bytes: buffer.subarray(0, length),
      release: () => {
        if (released) return;
        released = true;
        this.#keep(buffer);
      },
    };
  }

  /** Free buffers held (for tests). */
  get freeCount(): number {
    return this.#free.length;
  }

  /** Takes the smallest free buffer that fits; one far too large for 16 scrapes in a row is replaced, with every free one as large. */
  #take(length: number): Buffer {
    const i = this.#free.findIndex((b) => b.length >= length);
    if (i === -1) return allocate(length);
    const buffer = this.#free.splice(i, 1)[0]!;
    if (!isOversized(buffer, length)) {
      this.#oversizedScrapes = 0;
      return buffer;
    }
    if (++this.#oversizedScrapes < OVERSIZE_SCRAPES) return buffer;
    this.#oversizedScrapes = 0;
    for (let j = this.#free.length - 1; j >= 0; j--) if (isOversized(this.#free[j]!, length)) this.#free.splice(j, 1);
    return allocate(length);
  }

  /** Lists a released buffer, smallest first; past MAX_FREE the smallest is dropped (the larger fit more scrapes). */
  #keep(buffer: Buffer): void {
    this.#free.push(buffer);
    this.#free.sort((a, b) => a.length - b.length);
    if (this.#free.length > MAX_FREE) this.#free.shift();
  }
}

function isOversized(buffer: Buffer, length: number): boolean {
  return buffer.length > ALIGN && buffer.length > length * OVERSIZE_FACTOR;
}

function allocate(length: number): Buffer {
  // allocUnsafeSlow: these outlive many scrapes, so they must not pin a slab of Node's small-buffer pool.
  return Buffer.allocUnsafeSlow(Math.max(ALIGN, Math.ceil((length * HEADROOM) / ALIGN) * ALIGN));
}
