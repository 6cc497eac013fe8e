import { checkInteger } from '../../../core/index.js';
import type { Random } from '../random.js';

export interface FeederOptions {
  /** `sequential` (rows in turn, wrapping) or `random`; default `sequential`. */
  order?: 'sequential' | 'random';
  /** Random source for `random`; required then. */
  rng?: Random;
  /** Worker index (0-based), so workers take disjoint rows in `sequential` order; default 0. */
  worker?: number;
  /** Number of workers; default 1. */
  workers?: number;
}

/**
 * Hands out data-file rows, one per iteration, as Artillery's payload: in turn (each worker
 * taking every `workers`-th row, starting at its index) or at random.
 *
 * @example
 * const feeder = new Feeder(rows, { order: 'sequential' });
 * feeder.assign(vu.vars); // copies the next row's fields into the VU's variables
 */
export class Feeder {
  readonly #rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly #keys: string[][];
  readonly #random: Random | undefined;
  readonly #stride: number;
  #cursor: number;

  constructor(rows: ReadonlyArray<Readonly<Record<string, unknown>>>, options: FeederOptions = {}) {
    if (rows.length === 0) throw new RangeError('Feeder needs at least one row');
    const workers = checkInteger(options.workers ?? 1, 'workers', { min: 1 });
    const worker = checkInteger(options.worker ?? 0, 'worker', { min: 0, max: workers - 1 });
    this.#rows = rows;
    this.#keys = rows.map((r) => Object.keys(r));
    this.#random = options.order === 'random' ? options.rng ?? { next: Math.random } : undefined;
    this.#stride = workers;
    this.#cursor = worker % rows.length;
  }

  /** Index of the next row. */
  nextIndex(): number {
    const n = this.#rows.length;
    if (this.#random) return Math.floor(this.#random.next() * n);
    const i = this.#cursor;
    this.#cursor = (this.#cursor + this.#stride) % n;
    return i;
  }

  next(): Readonly<Record<string, unknown>> {
    return this.#rows[this.nextIndex()]!;
  }

  /** Copies the next row's fields into `vars` without allocating. */
  assign(vars: Record<string, unknown>): void {
    const i = this.nextIndex();
    const row = this.#rows[i]!;
    const keys = this.#keys[i]!;
    for (let k = 0; k < keys.length; k++) vars[keys[k]!] = row[keys[k]!];
  }
}
