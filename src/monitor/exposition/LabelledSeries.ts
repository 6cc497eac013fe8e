import type { Labels } from '../../core/index.js';

/** Label value every overflowing series is folded into once a metric reaches its series cap. */
export const OVERFLOW_LABEL_VALUE = '__overflow__';

export interface SeriesEntry<S> {
  /** Label values in the order of the metric's label names. */
  readonly values: readonly string[];
  readonly state: S;
}

/**
 * The series of one metric, keyed by label values, with a cap: past `maxSeries` distinct label
 * sets, new ones share a single overflow series (every label `__overflow__`), so memory stays
 * bounded however many distinct values arrive.
 */
export class LabelledSeries<S> {
  readonly labelNames: readonly string[];
  readonly maxSeries: number;
  readonly #create: () => S;
  readonly #map = new Map<string, SeriesEntry<S>>();
  #overflow: SeriesEntry<S> | undefined;
  /** Observations folded into the overflow series. */
  overflowed = 0;

  constructor(labelNames: readonly string[], maxSeries: number, create: () => S) {
    this.labelNames = labelNames;
    this.maxSeries = maxSeries;
    this.#create = create;
  }

  get(labels: Labels | undefined): S {
    const names = this.labelNames;
    if (names.length === 0) {
      let only = this.#map.get('');
      if (!only) this.#map.set('', (only = { values: [], state: this.#create() }));
      return only.state;
    }
    let key = '';
    for (let i = 0; i < names.length; i++) key += (i ? '\u0000' : '') + (labels?.[names[i]!] ?? '');
    const found = this.#map.get(key);
    if (found) return found.state;
    if (this.#map.size >= this.maxSeries) {
      this.overflowed++;
      if (!this.#overflow) this.#overflow = { values: names.map(() => OVERFLOW_LABEL_VALUE), state: this.#create() };
      return this.#overflow.state;
    }
    const entry = { values: names.map((n) => String(labels?.[n] ?? '')), state: this.#create() };
    this.#map.set(key, entry);
    return entry.state;
  }

  /** Replaces every series (for gauges fed by a `collect` callback). */
  clear(): void {
    this.#map.clear();
    this.#overflow = undefined;
  }

  *entries(): IterableIterator<SeriesEntry<S>> {
    yield* this.#map.values();
    if (this.#overflow) yield this.#overflow;
  }

  get size(): number {
    return this.#map.size + (this.#overflow ? 1 : 0);
  }
}
