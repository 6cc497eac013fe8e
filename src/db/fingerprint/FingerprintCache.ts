import { normalizeSql, type NormalizedSql } from './normalizeSql.js';
import type { SqlDialect } from './SqlLexer.js';

/** Id and text of the bucket that statements past the cap share. */
export const OVERFLOW_STATEMENT_ID = '__overflow__';

export interface FingerprintCacheOptions<T> {
  /** Distinct fingerprints kept before new ones share the overflow entry. */
  maxFingerprints: number;
  /** Statement texts remembered (text to entry), so a text seen again is not normalized again. */
  maxTexts: number;
  /** Makes the entry of a new fingerprint (`id` is `OVERFLOW_STATEMENT_ID` for the overflow one). */
  create: (dialect: SqlDialect, normalized: NormalizedSql) => T;
}

/**
 * Statement texts to per-fingerprint entries, bounded twice: the texts remembered (a map that
 * forgets its oldest text when full: a text forgotten is normalized again, nothing else is lost)
 * and the fingerprints (past the cap, new shapes share one overflow entry, so a process that
 * builds SQL with inlined literals in unbounded shapes keeps bounded memory).
 */
export class FingerprintCache<T> {
  readonly #options: FingerprintCacheOptions<T>;
  readonly #byText: Map<string, T>[] = [new Map(), new Map()];
  readonly #byId = new Map<string, T>();
  #overflow: [T | undefined, T | undefined] = [undefined, undefined];

  constructor(options: FingerprintCacheOptions<T>) {
    this.#options = options;
  }

  /** The entry of `text`; normalizes it only the first time it is seen (while remembered). */
  get(dialect: SqlDialect, text: string): T {
    const texts = this.#byText[dialect === 'pg' ? 0 : 1]!;
    let entry = texts.get(text);
    if (entry !== undefined) return entry;
    entry = this.#entryOf(dialect, normalizeSql(text, dialect));
    if (texts.size >= this.#options.maxTexts) texts.delete(texts.keys().next().value!);
    texts.set(text, entry);
    return entry;
  }

  /** Distinct fingerprints held, the overflow entries not counted. */
  get size(): number {
    return this.#byId.size;
  }

  /** Every entry, overflow entries last. */
  *entries(): IterableIterator<T> {
    yield* this.#byId.values();
    for (const o of this.#overflow) if (o !== undefined) yield o;
  }

  #entryOf(dialect: SqlDialect, normalized: NormalizedSql): T {
    const known = this.#byId.get(normalized.id);
    if (known !== undefined) return known;
    if (this.#byId.size >= this.#options.maxFingerprints) {
      const at = dialect === 'pg' ? 0 : 1;
      return (this.#overflow[at] ??= this.#options.create(dialect, { id: OVERFLOW_STATEMENT_ID, text: `(statements past the first ${this.#options.maxFingerprints})`, readOnly: false }));
    }
    const entry = this.#options.create(dialect, normalized);
    this.#byId.set(normalized.id, entry);
    return entry;
  }
}
