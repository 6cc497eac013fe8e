/**
 * The Prometheus exposition as byte chunks, joined once into the buffer a scrape writes. A
 * `/metrics` body of 750 histogram series is over a megabyte: built as one string, it costs a
 * UTF-8 pass to measure it (`content-length`) and another to write it; as bytes, neither.
 */
export class ExpositionBytes {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  /** Appends bytes that stay unchanged until `toBuffer()` (views into a family's own storage are fine). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** Appends text, UTF-8 encoded. */
  pushText(text: string): void {
    if (text !== '') this.push(Buffer.from(text, 'utf8'));
  }

  get length(): number {
    return this.#length;
  }

  /** The chunks joined in a new buffer the caller owns. */
  toBuffer(): Buffer {
    const out = Buffer.allocUnsafe(this.#length);
    this.copyInto(out);
    return out;
  }

  /** Writes the chunks at the start of `target`, which holds at least `length` bytes. */
  copyInto(target: Uint8Array): void {
    let at = 0;
    for (const chunk of this.#chunks) {
      target.set(chunk, at);
      at += chunk.length;
    }
  }
}
