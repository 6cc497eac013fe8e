import { invalidInput } from '../../core/index.js';

/** Prefix of the internal tag that links an entry to a key it depends on (`dependsOn`). */
export const DEPENDENCY_TAG = '\u0000dep:';

/** Validates a list of tags (or dependency keys) given to `set` or `invalidateTags`. */
export function checkTags(tags: unknown, field: string): readonly string[] | undefined {
  if (tags === undefined) return undefined;
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || t.length === 0)) {
    throw invalidInput({ field, value: tags, expected: 'an array of non-empty strings' });
  }
  return tags.length ? tags : undefined;
}

/**
 * Which keys carry which tag, and which tags each slot carries, so invalidating a tag finds its
 * entries without a scan and removing an entry unlinks it from its tags. Allocated only once a
 * cache uses tags.
 */
export class TagIndex {
  readonly #keysByTag = new Map<string, Set<string>>();
  #tagsBySlot: (readonly string[] | undefined)[];

  constructor(slots: number) {
    this.#tagsBySlot = new Array(slots).fill(undefined);
  }

  /** Tags in use. */
  get size(): number {
    return this.#keysByTag.size;
  }

  has(tag: string): boolean {
    return this.#keysByTag.has(tag);
  }

  /** A copy of the keys carrying `tag` (safe to iterate while removing). */
  keysOf(tag: string): string[] {
    const keys = this.#keysByTag.get(tag);
    return keys === undefined ? [] : [...keys];
  }

  add(slot: number, key: string, tags: readonly string[]): void {
    if (slot >= this.#tagsBySlot.length) this.#tagsBySlot.length = slot + 1;
    this.#tagsBySlot[slot] = tags;
    for (const tag of tags) {
      let keys = this.#keysByTag.get(tag);
      if (keys === undefined) this.#keysByTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  remove(slot: number, key: string): void {
    const tags = this.#tagsBySlot[slot];
    if (tags === undefined) return;
    this.#tagsBySlot[slot] = undefined;
    for (const tag of tags) {
      const keys = this.#keysByTag.get(tag);
      if (keys === undefined) continue;
      keys.delete(key);
      if (keys.size === 0) this.#keysByTag.delete(tag);
    }
  }
}
