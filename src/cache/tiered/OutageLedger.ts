/**
 * What a `TieredCache` could not apply to Redis while it was down: keys written or deleted, tags
 * and patterns invalidated. Replayed as deletions when Redis is back, so Redis never serves a
 * value that was replaced or invalidated during the outage. Bounded: past `maxKeys` it gives up
 * on precision and asks for the whole namespace to be dropped.
 */
export class OutageLedger {
  readonly maxKeys: number;
  keys = new Set<string>();
  tags = new Set<string>();
  patterns = new Set<string>();
  /** Too much to remember: drop everything under the prefix on recovery. */
  overflow = false;

  constructor(maxKeys = 10_000) {
    this.maxKeys = maxKeys;
  }

  get empty(): boolean {
    return !this.overflow && this.keys.size === 0 && this.tags.size === 0 && this.patterns.size === 0;
  }

  addKeys(keys: Iterable<string>): void {
    if (this.overflow) return;
    for (const key of keys) this.keys.add(key);
    this.#check();
  }

  addTags(tags: Iterable<string>): void {
    if (this.overflow) return;
    for (const tag of tags) this.tags.add(tag);
    this.#check();
  }

  addPattern(pattern: string): void {
    if (this.overflow) return;
    this.patterns.add(pattern);
    this.#check();
  }

  /** Hands over everything recorded and starts empty. */
  take(): { keys: string[]; tags: string[]; patterns: string[]; overflow: boolean } {
    const taken = { keys: [...this.keys], tags: [...this.tags], patterns: [...this.patterns], overflow: this.overflow };
    this.keys = new Set();
    this.tags = new Set();
    this.patterns = new Set();
    this.overflow = false;
    return taken;
  }

  #check(): void {
    if (this.keys.size + this.tags.size + this.patterns.size > this.maxKeys) {
      this.overflow = true;
      this.keys.clear();
      this.tags.clear();
      this.patterns.clear();
    }
  }
}
